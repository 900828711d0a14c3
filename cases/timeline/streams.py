"""Reading one entry kind of a timeline scope in timeline order (internal to cases.timeline).

A Stream turns a scope's queryset of events, testimony or sources into rows ordered by
(date, vaguer precision first, id), cut by a keyset cursor and by the page's horizon, read with
values() so big text columns are never loaded.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import DateField, Func, Q, QuerySet

from cases.models import Case
from cases.timeline.entries import PRECISION_RANK, CaseRef, Cursor, EntryKind
from cases.timeline.rows import CASE_FIELDS, EVENT_FIELDS, SOURCE_FIELDS, TESTIMONY_FIELDS
from cases.timeline.scopes import TimelineScope
from core.dates import Precision

MAX_PAGE_SIZE = 500
ONE_DAY = dt.timedelta(days=1)


class UTCDate(Func):
    """The UTC calendar date of a datetime column."""

    template = "((%(expressions)s) AT TIME ZONE 'UTC')::date"
    output_field = DateField()
    arity = 1


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


@dataclass
class Stream:
    """How to read one entry kind of a scope in timeline order: the scope's queryset (`base`)
    refined by `refine` to the published entries a timeline shows."""

    kind: str
    base: QuerySet
    refine: Callable[[QuerySet], QuerySet]
    fields: tuple[str, ...]
    date: str = "date"  # the (annotated) date to order by
    precision: str | None = "date_precision"  # None: every row has day precision
    datetime_bound: str | None = None  # sources: a sargable datetime column behind `date`

    @functools.cached_property
    def queryset(self) -> QuerySet:
        return self.refine(self.base)

    def _key_q(self, cursor: Cursor, *, after: bool) -> Q:
        """Rows strictly after (or before) `cursor` in timeline order."""
        rank_c = PRECISION_RANK.get(cursor.precision, -1)
        strictly = "gt" if after else "lt"
        q = Q(**{f"{self.date}__{strictly}": cursor.date})
        same_day = Q(**{self.date: cursor.date})
        precisions = list(PRECISION_RANK) if self.precision else [Precision.DAY]
        for precision in precisions:
            rank = PRECISION_RANK[precision]
            on = same_day & Q(**{self.precision: precision}) if self.precision else same_day
            if (rank > rank_c) if after else (rank < rank_c):
                q |= on
            elif rank == rank_c:
                if (self.kind > cursor.kind) if after else (self.kind < cursor.kind):
                    q |= on
                elif self.kind == cursor.kind:
                    q |= on & Q(**{f"id__{strictly}": cursor.id})
        # The explicit range bound lets the database walk the date index.
        if self.datetime_bound:
            if after:
                bound = Q(**{f"{self.datetime_bound}__gte": midnight(cursor.date)})
            else:
                bound = Q(
                    **{f"{self.datetime_bound}__lt": midnight(cursor.date + dt.timedelta(days=1))}
                )
        else:
            bound = Q(**{f"{self.date}__{'gte' if after else 'lte'}": cursor.date})
        return bound & q

    def queryset_for(
        self,
        *,
        after: Cursor | None,
        before: Cursor | None,
        descending: bool,
        limit: int,
        horizon: dt.date | None,
    ) -> QuerySet:
        """The values() queryset of up to `limit` rows after `after` / before `before`."""
        qs = self.queryset
        if after is not None:
            qs = qs.filter(self._key_q(after, after=True))
        if before is not None:
            qs = qs.filter(self._key_q(before, after=False))
        if horizon is not None and self.datetime_bound:
            if descending:
                qs = qs.filter(**{f"{self.datetime_bound}__gte": midnight(horizon)})
            else:
                qs = qs.filter(**{f"{self.datetime_bound}__lt": midnight(horizon + ONE_DAY)})
        elif horizon is not None:
            qs = qs.filter(**{f"{self.date}__{'gte' if descending else 'lte'}": horizon})
        sign = "-" if descending else ""
        unsign = "" if descending else "-"
        order = [f"{sign}{self.date}"]
        if self.precision:
            order.append(f"{unsign}{self.precision}")
        order.append(f"{sign}id")
        return qs.order_by(*order).values(*self.fields)[:limit]

    def rows(
        self,
        *,
        after: Cursor | None,
        before: Cursor | None,
        descending: bool,
        limit: int,
        horizon: dt.date | None = None,
    ) -> list[dict]:
        """Up to `limit` rows after `after` / before `before`, in timeline order (or reversed).

        `horizon` is the date beyond which no row can reach the page (the kinds read before
        already fill it): a range bound, so the database reads only the rows inside the
        page's window.
        """
        return list(
            self.queryset_for(
                after=after, before=before, descending=descending, limit=limit, horizon=horizon
            )
        )

    def row_key(self, row: dict) -> tuple[dt.date, int, str, int]:
        precision = row[self.precision] if self.precision else Precision.DAY
        return (row[self.date], PRECISION_RANK[precision], self.kind, row["id"])


def scope_case_ref(scope: TimelineScope) -> CaseRef | None:
    """The case every entry of a single-case scope belongs to (None across cases)."""
    case = scope.case
    if case is None:
        return None
    court_loaded = Case._meta.get_field("court").is_cached(case)
    return CaseRef(
        case.pk,
        case.slug,
        case.short_title,
        case.docket_number,
        case.court.short_name if court_loaded else "",
    )


def scope_streams(scope: TimelineScope, kinds: Iterable[str] | None, viewer=None) -> list[Stream]:
    """The scope's querysets, restricted to published entries of published cases.

    `viewer`: only for a preview of a draft (cases.web.views), the user whose drafts to include
    as well: each model's `visible_to(viewer)` then replaces `public()`, so a user who may not
    see drafts still sees only what is public. Rows then carry their `state`.
    """
    wanted = set(EntryKind.values if kinds is None else kinds)
    streams: list[Stream] = []
    if scope.case is not None:
        # A single-case scope: its case is known, so rows need not join it.
        if viewer is None and not scope.case.is_published:
            return []
        case_fields = ()
    else:
        case_fields = CASE_FIELDS
    state_fields = ("state",) if viewer is not None else ()

    def published(qs: QuerySet) -> QuerySet:
        if viewer is not None:
            return qs.visible_to(viewer)
        # The models' public(); within one case known to be published, its rows need no join.
        return qs.published() if scope.case is not None else qs.public()

    def placed_published(qs: QuerySet) -> QuerySet:
        # A source stands at its publication, or at the day first seen here when that is
        # unknown (articles.models.placed_at, behind source_state_placed_idx).
        visible = qs.visible_to(viewer) if viewer is not None else qs.public()
        return visible.placed().annotate(tl_date=UTCDate("placed_at"))

    if scope.events is not None and EntryKind.EVENT in wanted:
        streams.append(
            Stream(
                EntryKind.EVENT,
                scope.events,
                published,
                (*EVENT_FIELDS, *case_fields, *state_fields),
            )
        )
    if scope.testimony is not None and EntryKind.TESTIMONY in wanted:
        streams.append(
            Stream(
                EntryKind.TESTIMONY,
                scope.testimony,
                published,
                (*TESTIMONY_FIELDS, *case_fields, *state_fields),
            )
        )
    if scope.sources is not None and EntryKind.SOURCE in wanted:
        streams.append(
            Stream(
                EntryKind.SOURCE,
                scope.sources,
                placed_published,
                (*SOURCE_FIELDS, *state_fields),
                date="tl_date",
                precision=None,
                datetime_bound="placed_at",
            )
        )
    return streams
