"""The visual timeline's data at a cost that does not grow with the timeline: what it draws
(TimelineOverview, re-exported by cases.timeline) and the queries that read it (use
cases.timeline.timeline_overview).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.postgres.fields import ArrayField
from django.db.models import DateField, DateTimeField, Expression, IntegerField, Subquery
from django.db.models.expressions import RawSQL

from cases.models import Event
from cases.timeline.entries import EntryKind, PartialDated
from cases.timeline.scopes import TimelineScope
from cases.timeline.streams import Stream, midnight, scope_streams
from core.dates import EARLIEST_DATE, LATEST_DATE
from core.urls import page_url

OVERVIEW_CAP = 12  # entries counted per bucket and kind at most
MAX_BUCKETS = 48
MIN_BUCKETS = 12  # months drawn at least, however short the span


@dataclass(frozen=True, slots=True)
class MajorEvent(PartialDated):
    id: int
    date: dt.date
    precision: str
    title: str
    kind: str

    @property
    def permalink(self) -> str:
        return page_url("cases:event-detail", pk=self.id)


@dataclass(frozen=True, slots=True)
class Bucket:
    """A stretch of time on the visual timeline (a month, quarter, year or decade) with the
    number of entries of each kind in it, counted up to the overview's cap."""

    start: dt.date
    end: dt.date  # exclusive
    counts: dict[str, int]


@dataclass(frozen=True)
class TimelineOverview:
    """What the visual timeline draws, at a cost that does not grow with the timeline.

    `first`/`last`: the dates of the first and last entries; `buckets`: the span cut into
    `unit`s ("month", "quarter", "year" or "decade"), each with its entry counts per kind,
    counted only up to `cap` (a count equal to `cap` means "`cap` or more");
    `major_events`: the latest major events, oldest first; `more_major_events`: whether
    older ones exist.
    """

    kinds: tuple[str, ...]
    first: dt.date | None = None
    last: dt.date | None = None
    unit: str = "month"
    cap: int = 0
    buckets: list[Bucket] = field(default_factory=list)
    major_events: list[MajorEvent] = field(default_factory=list)
    more_major_events: bool = False

    @property
    def is_empty(self) -> bool:
        return self.first is None

    def span_display(self) -> str:
        if self.first is None or self.last is None:
            return ""
        first, last = self.first.strftime("%B %Y"), self.last.strftime("%B %Y")
        return first if first == last else f"{first} to {last}"


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


_UNITS = (("month", 1), ("quarter", 3), ("year", 12), ("decade", 120), ("century", 1200))


def _buckets(first: dt.date, last: dt.date) -> tuple[str, list[tuple[dt.date, dt.date]]]:
    """Cut [first, last] into at most MAX_BUCKETS months, quarters, years or decades (and at
    least MIN_BUCKETS months)."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    unit, step = next(
        ((unit, step) for unit, step in _UNITS if months <= MAX_BUCKETS * step), _UNITS[-1]
    )
    start_index = first.year * 12 + first.month - 1
    start_index -= start_index % step
    if unit == "month" and months < MIN_BUCKETS:
        # A short span gets empty months on both sides, so its bars keep a month's width.
        start_index = max(start_index - (MIN_BUCKETS - months) // 2, 0)
        last = max(last, _add_months(dt.date(start_index // 12, start_index % 12 + 1, 1), 11))
    start = dt.date(start_index // 12, start_index % 12 + 1, 1)
    bounds = []
    while start <= last:
        end = _add_months(start, step)
        bounds.append((start, end))
        start = end
    return unit, bounds


class BucketCounts(Expression):
    """For each bucket [low, high) of `bounds`, how many rows a subquery returns, as an array
    in bucket order. The subquery reads the bucket's bounds as `bucket.low` and `bucket.high`
    (dates) or `bucket.low_ts` and `bucket.high_ts` (midnight UTC), and its LIMIT caps each
    count: a correlated ``COUNT(*) FROM (… LIMIT cap)`` per bucket reads at most cap index
    entries, however many entries the bucket holds."""

    output_field = ArrayField(IntegerField())
    template = (
        "ARRAY(SELECT (SELECT COUNT(*) FROM %(subquery)s AS capped)"
        " FROM unnest(%%s::date[], %%s::date[], %%s::timestamptz[], %%s::timestamptz[])"
        " WITH ORDINALITY AS bucket(low, high, low_ts, high_ts, n) ORDER BY bucket.n)"
    )

    def __init__(self, subquery: Subquery, bounds: list[tuple[dt.date, dt.date]]) -> None:
        super().__init__()
        self.subquery, self.bounds = subquery, bounds

    def get_source_expressions(self):
        return [self.subquery]

    def set_source_expressions(self, exprs) -> None:
        (self.subquery,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.subquery)
        lows, highs = [low for low, _ in self.bounds], [high for _, high in self.bounds]
        arrays = (lows, highs, [midnight(d) for d in lows], [midnight(d) for d in highs])
        return self.template % {"subquery": sql}, (*params, *arrays)


def _column(stream: Stream) -> str:
    """The column a stream's dates are read by: a datetime with an index behind a source's
    date."""
    return stream.datetime_bound or stream.date


def _in_bucket(stream: Stream, cap: int) -> Subquery:
    """The stream's entries in the bucket BucketCounts names, up to `cap` of them."""
    column = _column(stream)
    if stream.datetime_bound:
        low, high = (RawSQL(f"bucket.{end}_ts", (), DateTimeField()) for end in ("low", "high"))
    else:
        low, high = (RawSQL(f"bucket.{end}", (), DateField()) for end in ("low", "high"))
    rows = stream.queryset.filter(**{f"{column}__gte": low, f"{column}__lt": high})
    return Subquery(rows.order_by().values("pk")[:cap])


def timeline_overview(
    scope: TimelineScope, *, major_limit: int = 20, cap: int = OVERVIEW_CAP
) -> TimelineOverview:
    """The visual timeline's data in three queries whose cost does not grow with the scope.

    1. The span: each kind's first and last date (ORDER BY … LIMIT 1 subqueries: index seeks).
    2. Activity: for every bucket of the span and every kind, the number of entries counted up
       to `cap` (BucketCounts): at most buckets × kinds × cap index entries are read, whether
       the case has a hundred entries or fifty thousand.
    3. The latest `major_limit` major events.

    The span and the activity are read alongside the scope's owner (its case, party or
    topic: one row the statement reads from), with the timeline's own querysets as
    subqueries, so they filter exactly as the timeline does (published only, in published
    cases).
    """
    streams = scope_streams(scope, None)
    kinds = tuple(stream.kind for stream in streams)
    if not streams:
        return TimelineOverview(kinds=kinds)
    if scope.owner is None:
        raise ValueError("An overview needs a scope with an owner: a case, party or topic.")
    owner = type(scope.owner)._default_manager.filter(pk=scope.owner.pk).order_by()

    ends = {}
    for stream in streams:
        # Sources are ordered by their datetime (its index) and give its UTC date.
        for name, direction in (("first", ""), ("last", "-")):
            rows = stream.queryset.order_by(f"{direction}{_column(stream)}")
            ends[f"{stream.kind}_{name}"] = Subquery(rows.values(stream.date)[:1])
    span = owner.values(**ends).get()
    firsts = [span[f"{kind}_first"] for kind in kinds if span[f"{kind}_first"] is not None]
    lasts = [span[f"{kind}_last"] for kind in kinds if span[f"{kind}_last"] is not None]
    if not firsts:
        return TimelineOverview(kinds=kinds)
    # A date outside the accepted years (stored before they were refused) would take the
    # buckets' month arithmetic off the calendar: the chart spans the accepted years at most.
    first = min(max(min(firsts), EARLIEST_DATE), LATEST_DATE)
    last = min(max(max(lasts), EARLIEST_DATE), LATEST_DATE)
    unit, bounds = _buckets(first, last)

    activity = owner.values(
        **{
            f"{stream.kind}_counts": BucketCounts(_in_bucket(stream, cap), bounds)
            for stream in streams
        }
    ).get()
    buckets = [
        Bucket(start, end, {kind: activity[f"{kind}_counts"][index] for kind in kinds})
        for index, (start, end) in enumerate(bounds)
    ]

    major_events: list[MajorEvent] = []
    more_major = False
    events = next((s for s in streams if s.kind == EntryKind.EVENT), None)
    if events is not None and major_limit > 0:
        rows = list(
            events.queryset.filter(importance=Event.Importance.MAJOR)
            .order_by("-date", "date_precision", "-id")
            .values("id", "date", "date_precision", "title", "kind")[: major_limit + 1]
        )
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
