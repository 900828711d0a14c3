"""Timelines: the read model behind every public timeline (and the API's timeline endpoint).

A timeline is not a table. It merges the *published* events, testimony and sources of a scope —
a case, a party, a topic across cases, or anything else expressed as three querysets — into one
stream in date order:

    date, then the vaguer precision first ("2026" < "May 2026" < "4 May 2026"),
    then the entry kind ("event" < "source" < "testimony"), then the id.

Each entry carries its kind, date and precision, title, text, permalink, its case and its
citations (the cited sources that are published, named by their outlet). The entry types
live in cases.entries and are re-exported here.

Cost does not grow with the scope's size:

* A page costs one query per entry kind (at most 3) plus one for the citations of the
  entries on the page: never more than four queries.
* Pages are cut by a keyset cursor on the ordering key (date, precision, kind, id), never by
  OFFSET, so the first page of a 50,000-entry case reads about as many rows as that of a
  100-entry case: each kind's query is an index range scan (``event_case_timeline_idx``,
  ``testimony_case_timeline_idx``, ``source_state_published_idx``) stopped by LIMIT, and
  each kind after the first is also bounded by the date the kinds before already fill the
  page to (the "horizon").
* Rows are read with ``values()`` and an explicit column list, so big text columns
  (``Source.text``) are never loaded.
* Each query shape is compiled once and reused with new values (cases.prepared): Django's
  compilation costs more than the database's work on these indexed reads.

`timeline_overview()` feeds the visual timeline in three queries that read a bounded number
of index entries: the span (first and last dates: index seeks), activity per month (or
quarter, year, decade) counted only up to a cap, and the latest major events. A GROUP BY over
every entry would be exact but grows with the case (25-55 ms at 50,000 entries here). The
major-events query is bounded only once an index covers importance (see the bench note).

Public API (used by cases.views and the REST API):

    case_scope(case) / party_scope(party) / topic_scope(topic) / citing_scope(source_id)
    build_timeline(scope, kinds=..., after=..., before=..., latest=..., page_size=...)
        -> TimelinePage(entries, next_cursor, previous_cursor)
    timeline_overview(scope) -> TimelineOverview
    Cursor.decode(text) / cursor.encode(); InvalidCursor
    group_by_month(entries) -> list[YearGroup]; citation_text(entry, url)
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import connections
from django.db.models import Case as CaseExpression
from django.db.models import DateField, Exists, F, Func, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate

from articles.models import Source
from cases.dates import Precision
from cases.entries import (
    PRECISION_RANK,
    SETTING_PHRASES,
    Bucket,
    CaseRef,
    Citation,
    Cursor,
    Entry,
    EntryKind,
    EventDetails,
    InvalidCursor,
    MajorEvent,
    MonthGroup,
    PartyRef,
    SourceDetails,
    TestimonyDetails,
    TimelineOverview,
    TimelinePage,
    Wording,
    YearGroup,
    citation_text,
    group_by_month,
)
from cases.models import (
    Case,
    CaseRole,
    Event,
    EventCitation,
    Party,
    PublicationState,
    Testimony,
    TestimonyCitation,
    Topic,
)
from cases.prepared import PreparedQueries, PreparedQuery

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "Bucket",
    "CaseRef",
    "Citation",
    "Cursor",
    "Entry",
    "EntryKind",
    "EventDetails",
    "InvalidCursor",
    "MajorEvent",
    "MonthGroup",
    "PartyRef",
    "SourceDetails",
    "TestimonyDetails",
    "TimelineOverview",
    "TimelinePage",
    "TimelineScope",
    "Wording",
    "YearGroup",
    "build_timeline",
    "case_scope",
    "citation_text",
    "citing_scope",
    "group_by_month",
    "party_scope",
    "public_scope",
    "timeline_overview",
    "topic_scope",
]

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
OVERVIEW_CAP = 12  # entries counted per bucket and kind at most
MAX_BUCKETS = 48

PUBLISHED = PublicationState.PUBLISHED

# Compiled query shapes, reused across requests (see cases.prepared). Markers stand where a
# cursor's date and id, a horizon and citation parent ids go; no real value is in year 1.
_PREPARED = PreparedQueries()
MARK_DATE = dt.date(1, 3, 10)
MARK_HORIZON = dt.date(1, 7, 20)
MARK_ID = -(10**15)
MARK_PARENT_IDS = tuple(-(10**15) - 1000 - index for index in range(MAX_PAGE_SIZE + 1))
MARK_TESTIMONY_IDS = tuple(-(10**15) - 5000 - index for index in range(MAX_PAGE_SIZE + 1))
_ONE_DAY = dt.timedelta(days=1)


def _prepared(key, build, markers=()) -> PreparedQuery:
    """The PreparedQuery of a shape: cached when the shape has a key, compiled now if not."""
    if key is None:
        return PreparedQuery.compile(build(), set(markers))
    return _PREPARED.get(key, build, set(markers))


def _bindings(cursor: Cursor | None, horizon: dt.date | None) -> dict:
    """Marker → value for a stream query's cursor and horizon (those given). Its keys are the
    markers a query of that shape is compiled with."""
    bindings: dict = {}
    if cursor is not None:
        bindings |= {
            MARK_DATE: cursor.date,
            _midnight(MARK_DATE): _midnight(cursor.date),
            _midnight(MARK_DATE + _ONE_DAY): _midnight(cursor.date + _ONE_DAY),
            MARK_ID: cursor.id,
        }
    if horizon is not None:
        bindings |= {
            MARK_HORIZON: horizon,
            _midnight(MARK_HORIZON): _midnight(horizon),
            _midnight(MARK_HORIZON + _ONE_DAY): _midnight(horizon + _ONE_DAY),
        }
    return bindings


def _marked(cursor: Cursor | None) -> Cursor | None:
    """The cursor with markers for its values: its precision and kind shape the SQL."""
    return None if cursor is None else Cursor(MARK_DATE, cursor.precision, cursor.kind, MARK_ID)


# --------------------------------------------------------------------------------------------
# Scopes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineScope:
    """What a timeline shows: querysets of events, testimony and sources (None: that kind is
    absent). The builder adds the published filters itself, so a scope cannot leak drafts.

    `case` is set for a single-case scope: sources then belong to that case.
    `key` names the querysets for the compiled-query cache (("case", 12)): two scopes with the
    same key must have the same querysets. None compiles the queries on every call.
    """

    events: QuerySet[Event] | None = None
    testimony: QuerySet[Testimony] | None = None
    sources: QuerySet[Source] | None = None
    case: Case | None = None
    key: tuple | None = None


def case_scope(case: Case) -> TimelineScope:
    """A case's timeline: its events and testimony, and the sources that report on it."""
    # "Reports on this case" as CASE WHEN EXISTS(…): PostgreSQL turns a bare EXISTS into a
    # hash semi-join that reads the whole source-case link table for every bucket of the
    # overview; wrapped, it probes the link table's (source, case) unique index per source.
    reports = CaseExpression(
        When(
            Exists(Source.cases.through.objects.filter(source_id=OuterRef("pk"), case_id=case.pk)),
            then=Value(1),
        ),
        default=Value(0),
    )
    return TimelineScope(
        events=Event.objects.filter(case=case),
        testimony=Testimony.objects.filter(case=case),
        sources=Source.objects.alias(reports_on_case=reports).filter(reports_on_case=1),
        case=case,
        key=("case", case.pk),
    )


def party_scope(party: Party) -> TimelineScope:
    """A party's timeline: the testimony they gave, and the events of every case in which they
    hold any role (plaintiff, defendant, counsel, judge, witness…). Sources are left out: a
    party such as OpenAI is in most cases, and the sources are on each case's page."""
    case_ids = CaseRole.objects.filter(party=party).values("case_id")
    return TimelineScope(
        events=Event.objects.filter(case_id__in=case_ids),
        testimony=Testimony.objects.filter(witness=party),
        key=("party", party.pk),
    )


def topic_scope(topic: Topic) -> TimelineScope:
    """A topic across cases: the events and testimony tagged with it."""
    return TimelineScope(
        events=Event.objects.filter(topics=topic),
        testimony=Testimony.objects.filter(topics=topic),
        key=("topic", topic.pk),
    )


def citing_scope(source_id: int) -> TimelineScope:
    """Every event and testimony that cites a source."""
    return TimelineScope(
        events=Event.objects.filter(
            Exists(EventCitation.objects.filter(event=OuterRef("pk"), source_id=source_id))
        ),
        testimony=Testimony.objects.filter(
            Exists(TestimonyCitation.objects.filter(testimony=OuterRef("pk"), source_id=source_id))
        ),
        key=("citing", source_id),
    )


def public_scope() -> TimelineScope:
    """Every published case's events and testimony (the home page's latest entries)."""
    return TimelineScope(events=Event.objects.all(), testimony=Testimony.objects.all())


# --------------------------------------------------------------------------------------------
# Database helpers
# --------------------------------------------------------------------------------------------


class UTCDate(Func):
    """The UTC calendar date of a datetime column.

    Django's TruncDate calls a Python function per row on SQLite; datetimes are stored there as
    UTC text, so the first ten characters are the date.
    """

    output_field = DateField()
    arity = 1

    def as_sql(self, compiler, connection, **extra):
        return TruncDate(*self.source_expressions, tzinfo=dt.UTC).as_sql(compiler, connection)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="substr(%(expressions)s, 1, 10)")

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="((%(expressions)s) AT TIME ZONE 'UTC')::date"
        )


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


@dataclass
class _Stream:
    """How to read one entry kind of a scope in timeline order.

    The published-only queryset is built lazily from the scope's (`base` refined by
    `refine`): when the compiled SQL is reused, no queryset needs building at all.
    """

    kind: str
    base: QuerySet
    refine: Callable[[QuerySet], QuerySet]
    fields: tuple[str, ...]
    date: str = "date"  # the (annotated) date to order by
    precision: str | None = "date_precision"  # None: every row has day precision
    datetime_bound: str | None = None  # sources: a sargable datetime column behind `date`
    case_ref: CaseRef | None = None  # set when every row belongs to one known case

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
                bound = Q(**{f"{self.datetime_bound}__gte": _midnight(cursor.date)})
            else:
                bound = Q(
                    **{f"{self.datetime_bound}__lt": _midnight(cursor.date + dt.timedelta(days=1))}
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
                qs = qs.filter(**{f"{self.datetime_bound}__gte": _midnight(horizon)})
            else:
                qs = qs.filter(**{f"{self.datetime_bound}__lt": _midnight(horizon + _ONE_DAY)})
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
        key: tuple | None = None,
    ) -> list[dict]:
        """Up to `limit` rows after `after` / before `before`, in timeline order (or reversed).

        `horizon` is the date beyond which no row can reach the page (the kinds read before
        already fill it): a range bound, so the database reads only the rows inside the
        page's window.
        `key` (the scope's) lets the compiled SQL of this shape be reused.
        """
        cursor = after or before
        shape = None
        if key is not None:
            # What shapes the SQL: the direction, the cursor's precision and how the cursor's
            # kind compares with this stream's; never the cursor's date or id.
            cursor_shape = cursor and (
                after is not None,
                cursor.precision,
                (self.kind > cursor.kind) - (self.kind < cursor.kind),
            )
            shape = (
                key,
                self.base.db,
                self.kind,
                descending,
                cursor_shape,
                horizon is not None,
                limit,
            )
        prepared = _prepared(
            shape,
            lambda: self.queryset_for(
                after=_marked(after),
                before=_marked(before),
                descending=descending,
                limit=limit,
                horizon=MARK_HORIZON if horizon is not None else None,
            ),
            set(_bindings(cursor, horizon)),
        )
        return prepared.run(_bindings(cursor, horizon))

    def row_key(self, row: dict) -> tuple[dt.date, int, str, int]:
        precision = row[self.precision] if self.precision else Precision.DAY
        return (row[self.date], PRECISION_RANK[precision], self.kind, row["id"])


# Entry columns; a cross-case scope adds the case's (_CASE_FIELDS), a single-case scope knows them.
_CASE_FIELDS = (
    "case_id",
    "case__slug",
    "case__short_title",
    "case__docket_number",
    "case__court__short_name",
)
_EVENT_FIELDS = (
    "id",
    "date",
    "date_precision",
    "end_date",
    "kind",
    "title",
    "description",
    "importance",
    "docket_entry_number",
)
_TESTIMONY_FIELDS = (
    "id",
    "date",
    "date_precision",
    "setting",
    "phase",
    "excerpt",
    "is_verbatim",
    "context",
    "transcript_citation",
    "witness_id",
    "witness__slug",
    "witness__name",
    "examining_counsel_id",
    "examining_counsel__slug",
    "examining_counsel__name",
)
_SOURCE_FIELDS = (
    "id",
    "tl_date",
    "title",
    "url",
    "summary",
    "kind",
    "authors",
    "published_at",
    "link_dead_since",
    "outlet__name",
)
_CITATION_FIELDS = (
    "id",
    "source_id",
    "source__title",
    "source__url",
    "source__published_at",
    "source__link_dead_since",
    "source__outlet_id",
    "source__outlet__name",
)


def _scope_case_ref(case: Case) -> CaseRef:
    court_loaded = Case._meta.get_field("court").is_cached(case)
    return CaseRef(
        case.pk,
        case.slug,
        case.short_title,
        case.docket_number,
        case.court.short_name if court_loaded else "",
    )


def _streams(scope: TimelineScope, kinds: Iterable[str] | None) -> list[_Stream]:
    """The scope's querysets, restricted to published entries of published cases."""
    wanted = set(EntryKind.values if kinds is None else kinds)
    streams: list[_Stream] = []
    case_ref = None
    if scope.case is not None:
        # A single-case scope: its case is known, so rows need not join it.
        if scope.case.state != PUBLISHED:
            return []
        case_ref = _scope_case_ref(scope.case)
        published_case, case_fields = Q(), ()
    else:
        published_case, case_fields = Q(case__state=PUBLISHED), _CASE_FIELDS

    def published(qs: QuerySet) -> QuerySet:
        return qs.filter(published_case, state=PUBLISHED)

    def dated_published(qs: QuerySet) -> QuerySet:
        # Sources without a publication date cannot be placed on a timeline.
        return qs.filter(state=PUBLISHED, published_at__isnull=False).annotate(
            tl_date=UTCDate("published_at")
        )

    if scope.events is not None and EntryKind.EVENT in wanted:
        streams.append(
            _Stream(
                EntryKind.EVENT,
                scope.events,
                published,
                (*_EVENT_FIELDS, *case_fields),
                case_ref=case_ref,
            )
        )
    if scope.testimony is not None and EntryKind.TESTIMONY in wanted:
        streams.append(
            _Stream(
                EntryKind.TESTIMONY,
                scope.testimony,
                published,
                (*_TESTIMONY_FIELDS, *case_fields),
                case_ref=case_ref,
            )
        )
    if scope.sources is not None and EntryKind.SOURCE in wanted:
        streams.append(
            _Stream(
                EntryKind.SOURCE,
                scope.sources,
                dated_published,
                _SOURCE_FIELDS,
                date="tl_date",
                precision=None,
                datetime_bound="published_at",
                case_ref=case_ref,
            )
        )
    return streams


# --------------------------------------------------------------------------------------------
# Building entries
# --------------------------------------------------------------------------------------------


@functools.cache
def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _label(choices, value: str) -> str:
    """The human label of a choice value ('' for an empty value, the value itself if unknown)."""
    return _labels(choices).get(value, value) if value else ""


def _host(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _citation(row: dict, **extra) -> Citation:
    url = row["source__url"]
    outlet_id = row["source__outlet_id"]
    return Citation(
        source_id=row["source_id"],
        title=row["source__title"] or url,
        url=url,
        outlet=row["source__outlet__name"] or _host(url),
        outlet_key=f"outlet:{outlet_id}" if outlet_id else f"host:{_host(url)}",
        published_at=row["source__published_at"],
        link_dead_since=row["source__link_dead_since"],
        **extra,
    )


# (model, parent column, kind-specific column, markers for the parent ids)
_CITED = {
    EntryKind.EVENT: (EventCitation, "event_id", "pinpoint", MARK_PARENT_IDS),
    EntryKind.TESTIMONY: (TestimonyCitation, "testimony_id", "wording", MARK_TESTIMONY_IDS),
}


def _citations_of(ids_by_kind: dict[str, list[int]]) -> dict[tuple[str, int], list[Citation]]:
    """Published cited sources of the given events and testimony, in citation order, keyed by
    (kind, id): one UNION ALL query for both kinds.

    Drafts are dropped here rather than in SQL, and the order is restored here too: a
    `source.state` filter or an ORDER BY id lets a planner without statistics walk every
    source or every citation instead of the (parent, source) unique index.
    """
    result: dict[tuple[str, int], list[Citation]] = {
        (kind, pk): [] for kind, ids in ids_by_kind.items() for pk in ids
    }
    kinds = [kind for kind in (EntryKind.EVENT, EntryKind.TESTIMONY) if ids_by_kind.get(kind)]
    if not kinds:
        return result

    def part(kind: str) -> PreparedQuery:
        model, parent, note, markers = _CITED[kind]
        count = len(ids_by_kind[kind])
        return _prepared(
            ("citations", model.objects.db, kind, count),
            lambda: (
                model.objects.filter(**{f"{parent}__in": markers[:count]})
                .order_by()
                .values(
                    *_CITATION_FIELDS,
                    kind=Value(kind),
                    parent=F(parent),
                    source_state=F("source__state"),
                    note=F(note),
                )
            ),
            set(markers[:count]),
        )

    shape = ("citations", *((kind, len(ids_by_kind[kind])) for kind in kinds))
    prepared = (
        part(kinds[0])
        if len(kinds) == 1
        else _PREPARED.get(shape, lambda: PreparedQuery.union_all([part(k) for k in kinds]), set())
    )
    bindings = {
        marker: pk
        for kind in kinds
        for marker, pk in zip(_CITED[kind][3], ids_by_kind[kind], strict=False)
    }
    for row in sorted(prepared.run(bindings), key=lambda row: (row["kind"], row["id"])):
        if row["source_state"] != PUBLISHED:
            continue
        extra = {"pinpoint" if row["kind"] == EntryKind.EVENT else "wording": row["note"] or ""}
        result[(row["kind"], row["parent"])].append(_citation(row, **extra))
    return result


def _case_ref(row: dict) -> CaseRef | None:
    if "case_id" not in row:
        return None
    return CaseRef(
        id=row["case_id"],
        slug=row["case__slug"],
        short_title=row["case__short_title"],
        docket_number=row["case__docket_number"],
        court=row["case__court__short_name"] or "",
    )


def _wordings(excerpt: str, citations: Sequence[Citation]) -> tuple[Wording, ...]:
    """The excerpt's wording first, then each differing wording, with the outlets behind each."""
    by_text: dict[str, list[str]] = {excerpt.strip(): []}
    for citation in citations:
        text = citation.wording.strip() or excerpt.strip()
        outlets = by_text.setdefault(text, [])
        if citation.outlet not in outlets:
            outlets.append(citation.outlet)
    return tuple(Wording(text, tuple(outlets)) for text, outlets in by_text.items())


def _event_entry(row: dict, citations: list[Citation], case: CaseRef | None) -> Entry:
    return Entry(
        kind=EntryKind.EVENT,
        id=row["id"],
        date=row["date"],
        precision=row["date_precision"],
        title=row["title"],
        text=row["description"],
        case=case,
        citations=tuple(citations),
        event=EventDetails(
            kind=row["kind"],
            kind_label=_label(Event.Kind, row["kind"]),
            is_major=row["importance"] == Event.Importance.MAJOR,
            end_date=row["end_date"],
            docket_entry_number=row["docket_entry_number"],
        ),
    )


def _testimony_entry(row: dict, citations: list[Citation], case: CaseRef | None) -> Entry:
    witness = PartyRef(row["witness_id"], row["witness__slug"], row["witness__name"])
    counsel = (
        PartyRef(
            row["examining_counsel_id"],
            row["examining_counsel__slug"],
            row["examining_counsel__name"],
        )
        if row["examining_counsel_id"]
        else None
    )
    setting_label = _label(Testimony.Setting, row["setting"])
    return Entry(
        kind=EntryKind.TESTIMONY,
        id=row["id"],
        date=row["date"],
        precision=row["date_precision"],
        title=f"{witness.name}, {SETTING_PHRASES.get(row['setting'], setting_label.lower())}",
        text=row["excerpt"],
        case=case,
        citations=tuple(citations),
        testimony=TestimonyDetails(
            witness=witness,
            setting=row["setting"],
            setting_label=setting_label,
            examining_counsel=counsel,
            phase=row["phase"],
            phase_label=_label(Testimony.Phase, row["phase"]),
            is_verbatim=row["is_verbatim"],
            context=row["context"],
            transcript_citation=row["transcript_citation"],
            independent_sources=len({c.outlet_key for c in citations}),
            wordings=_wordings(row["excerpt"], citations),
        ),
    )


def _source_entry(row: dict, case: CaseRef | None) -> Entry:
    url = row["url"]
    outlet = row["outlet__name"] or _host(url)
    return Entry(
        kind=EntryKind.SOURCE,
        id=row["id"],
        date=row["tl_date"],
        precision=Precision.DAY,
        title=row["title"] or url,
        text=row["summary"],
        case=case,
        citations=(
            Citation(
                source_id=row["id"],
                title=row["title"] or url,
                url=url,
                outlet=outlet,
                outlet_key=outlet,
                published_at=row["published_at"],
                link_dead_since=row["link_dead_since"],
            ),
        ),
        source=SourceDetails(
            kind=row["kind"],
            kind_label=_label(Source.Kind, row["kind"]),
            url=url,
            outlet=outlet,
            authors=row["authors"],
            published_at=row["published_at"],
            link_dead_since=row["link_dead_since"],
        ),
    )


def _entries(picked: list[tuple[_Stream, dict]]) -> list[Entry]:
    ids_by_kind: dict[str, list[int]] = {}
    for stream, row in picked:
        ids_by_kind.setdefault(stream.kind, []).append(row["id"])
    citations = _citations_of(ids_by_kind)
    entries: list[Entry] = []
    for stream, row in picked:
        case_ref = stream.case_ref or _case_ref(row)
        if stream.kind == EntryKind.EVENT:
            entries.append(_event_entry(row, citations[(stream.kind, row["id"])], case_ref))
        elif stream.kind == EntryKind.TESTIMONY:
            entries.append(_testimony_entry(row, citations[(stream.kind, row["id"])], case_ref))
        else:
            entries.append(_source_entry(row, stream.case_ref))
    return entries


def build_timeline(
    scope: TimelineScope,
    *,
    kinds: Iterable[str] | None = None,
    after: Cursor | None = None,
    before: Cursor | None = None,
    latest: bool = False,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> TimelinePage:
    """One page of a scope's timeline, oldest entry first.

    - no position: the first page (the oldest entries);
    - ``after=cursor``: the page following that position (``Cursor.start_of(date)`` jumps to
      a date);
    - ``before=cursor``: the page preceding that position;
    - ``latest=True``: the last page (the newest entries).

    `kinds` restricts the entry kinds (EntryKind values); None means all. At most four queries.
    """
    if after is not None and (before is not None or latest):
        raise ValueError("Pass either after= or before=/latest=, not both.")
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    backwards = before is not None or latest
    # Each kind read bounds the window of the next (the horizon): events first, as they are
    # usually the most numerous, sources last.
    streams = _streams(scope, kinds)
    fetched: list[list[tuple]] = []
    horizon: dt.date | None = None
    for stream in streams:
        rows = stream.rows(
            after=after,
            before=before,
            descending=backwards,
            limit=page_size + 1,
            horizon=horizon,
            key=scope.key,
        )
        fetched.append([(stream.row_key(row), stream, row) for row in rows])
        keys = sorted((item[0] for items in fetched for item in items), reverse=backwards)
        if len(keys) > page_size:
            horizon = keys[page_size][0]
    merged = list(heapq.merge(*fetched, key=lambda item: item[0], reverse=backwards))
    more = len(merged) > page_size
    picked = merged[:page_size]
    if backwards:
        picked.reverse()
    entries = _entries([(stream, row) for _key, stream, row in picked])
    first = entries[0].cursor if entries else None
    last = entries[-1].cursor if entries else None
    if backwards:
        next_cursor = last if before is not None else None
        previous_cursor = first if more else None
    else:
        next_cursor = last if more else None
        previous_cursor = first if after is not None else None
    return TimelinePage(entries, next_cursor, previous_cursor)


# --------------------------------------------------------------------------------------------
# Overview for the visual timeline
# --------------------------------------------------------------------------------------------


def _as_date(value) -> dt.date | None:
    """A date from a raw query: a date, an aware datetime (UTC date) or SQLite's text."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).date() if value.tzinfo else value.date()
    return dt.date.fromisoformat(str(value)[:10])


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


_UNITS = (("month", 1), ("quarter", 3), ("year", 12), ("decade", 120), ("century", 1200))


def _buckets(first: dt.date, last: dt.date) -> tuple[str, list[tuple[dt.date, dt.date]]]:
    """Cut [first, last] into at most MAX_BUCKETS months, quarters, years or decades."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    unit, step = next(
        ((unit, step) for unit, step in _UNITS if months <= MAX_BUCKETS * step), _UNITS[-1]
    )
    start_index = first.year * 12 + first.month - 1
    start_index -= start_index % step
    start = dt.date(start_index // 12, start_index % 12 + 1, 1)
    bounds = []
    while start <= last:
        end = _add_months(start, step)
        bounds.append((start, end))
        start = end
    return unit, bounds


def timeline_overview(
    scope: TimelineScope, *, major_limit: int = 20, cap: int = OVERVIEW_CAP
) -> TimelineOverview:
    """The visual timeline's data in three queries whose cost does not grow with the scope.

    1. The span: each kind's first and last date (ORDER BY … LIMIT 1 subqueries: index seeks).
    2. Activity: for every bucket of the span and every kind, the number of entries counted up
       to `cap` (``COUNT(*) FROM (… LIMIT cap)``): at most buckets × kinds × cap index entries
       are read, whether the case has a hundred entries or fifty thousand.
    3. The latest `major_limit` major events.

    The bucket and span queries are assembled from the scope's compiled SQL, so they filter
    exactly as the timeline does (published only, in published cases).
    """
    streams = _streams(scope, None)
    kinds = tuple(stream.kind for stream in streams)
    if not streams:
        return TimelineOverview(kinds=kinds)
    connection = connections[streams[0].base.db]

    def column(stream: _Stream) -> str:
        return stream.datetime_bound or stream.date

    def shape(stream: _Stream, *parts) -> tuple | None:
        return scope.key and (scope.key, stream.base.db, stream.kind, "overview", *parts)

    parts, params = [], []
    for stream in streams:
        for direction in ("", "-"):
            prepared = _prepared(
                shape(stream, "end", direction),
                lambda stream=stream, direction=direction: stream.queryset.order_by(
                    f"{direction}{column(stream)}"
                ).values(tl_key=F(column(stream)))[:1],
            )
            parts.append(f"({prepared.sql})")
            params += prepared.params
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        ends = [_as_date(value) for value in cursor.fetchone()]
    firsts = [day for day in ends[0::2] if day is not None]
    lasts = [day for day in ends[1::2] if day is not None]
    if not firsts:
        return TimelineOverview(kinds=kinds)
    first, last = min(firsts), max(lasts)
    unit, bounds = _buckets(first, last)

    # One row per bucket (a CTE of its bounds), one capped, correlated count per kind.
    rows, params = [], []
    for index, (start, end) in enumerate(bounds):
        rows.append("(%s, %s, %s, %s, %s)")
        params += [index, start, end, _midnight(start), _midnight(end)]
    counts = []
    for number, stream in enumerate(streams):
        prepared = _prepared(
            shape(stream, "bucket"),
            lambda stream=stream: stream.queryset.order_by().values(tl_key=F(column(stream))),
        )
        sql, sql_params = prepared.sql, prepared.params
        low, high = ("b.lo_ts", "b.hi_ts") if stream.datetime_bound else ("b.lo", "b.hi")
        counts.append(
            f"(SELECT COUNT(*) FROM (SELECT 1 FROM ({sql}) s{number} "
            f"WHERE s{number}.tl_key >= {low} AND s{number}.tl_key < {high} LIMIT {int(cap)}) "
            f"c{number})"
        )
        params += sql_params
    query = (
        f"WITH b(i, lo, hi, lo_ts, hi_ts) AS (VALUES {', '.join(rows)}) "
        f"SELECT b.i, {', '.join(counts)} FROM b ORDER BY b.i"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        buckets = [
            Bucket(bounds[row[0]][0], bounds[row[0]][1], dict(zip(kinds, row[1:], strict=True)))
            for row in cursor.fetchall()
        ]

    major_events: list[MajorEvent] = []
    more_major = False
    events = next((s for s in streams if s.kind == EntryKind.EVENT), None)
    if events is not None and major_limit > 0:
        rows = _prepared(
            shape(events, "major", major_limit),
            lambda: (
                events.queryset.filter(importance=Event.Importance.MAJOR)
                .order_by("-date", "date_precision", "-id")
                .values("id", "date", "date_precision", "title", "kind")[: major_limit + 1]
            ),
        ).run({})
        more_major = len(rows) > major_limit
        major_events = [
            MajorEvent(r["id"], r["date"], r["date_precision"], r["title"], r["kind"])
            for r in reversed(rows[:major_limit])
        ]
    return TimelineOverview(
        kinds=kinds,
        first=first,
        last=last,
        unit=unit,
        cap=cap,
        buckets=buckets,
        major_events=major_events,
        more_major_events=more_major,
    )
