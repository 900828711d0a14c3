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

from cases.models import Case, Event
from cases.timeline.entries import EntryKind, PartialDated
from cases.timeline.phases import PHASES, Phase, case_phases
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
    case_id: int | None = None  # set on cross-case timelines, where flags name their case
    case_title: str = ""
    case_letter: str = ""  # with case_colour, tells the cases' flags apart (ChartCase)
    case_colour: int = 0

    @property
    def permalink(self) -> str:
        return page_url("cases:event-detail", pk=self.id)


@dataclass(frozen=True, slots=True)
class ChartCase:
    """A case on a cross-case chart: its major-event flags carry its colour and letter."""

    id: int
    title: str
    letter: str
    colour: int  # one of CASE_COLOURS palette slots (site.css: .case-mark--N)


@dataclass(frozen=True, slots=True)
class Period:
    """A bucket as something to navigate: the link to its entries and what it holds, in
    words ("March 2024: 3 events, 1 testimony"), placed in percent of the chart's width."""

    start: dt.date
    label: str
    summary: str
    left: float
    width: float

    @property
    def name(self) -> str:
        return f"{self.label}: {self.summary}"

    unit: str = "month"

    @property
    def href(self) -> str:
        """The timeline from the period's start, at the unit's precision: "?from=2024-03"
        (a month or quarter), "?from=2024" (a year or longer), never an invented day."""
        start = self.start
        since = f"{start:%Y-%m}" if self.unit in ("month", "quarter") else f"{start:%Y}"
        return f"?from={since}#entries"


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
    phase_starts: dict[str, dt.date] = field(default_factory=dict)
    filed_on: dt.date | None = None
    closed_on: dt.date | None = None

    @property
    def is_empty(self) -> bool:
        return self.first is None

    def _percent(self, day: dt.date) -> float:
        start, end = self.buckets[0].start, self.buckets[-1].end
        share = (day - start).days / max((end - start).days, 1)
        return round(min(100.0, max(0.0, share * 100)), 3)

    @property
    def periods(self) -> list[Period]:
        """The buckets that hold entries, each as a link to the timeline from its start."""
        width = 100 / len(self.buckets) if self.buckets else 0
        periods = []
        for index, bucket in enumerate(self.buckets):
            parts = [
                _count_words(kind, bucket.counts.get(kind, 0), self.cap)
                for kind in self.kinds
                if bucket.counts.get(kind, 0)
            ]
            if parts:
                label = _period_label(bucket.start, self.unit)
                periods.append(
                    Period(bucket.start, label, ", ".join(parts), index * width, width, self.unit)
                )
        return periods

    @property
    def phases(self) -> list[Phase]:
        """The case's phases as bands across the chart (see case_phases for the rule)."""
        if not self.buckets or not (self.phase_starts or self.filed_on):
            return []
        chart_end = self.buckets[-1].end
        phases = []
        for name, start, end in case_phases(
            self.phase_starts, filed_on=self.filed_on, closed_on=self.closed_on, last=chart_end
        ):
            left, right = self._percent(start), self._percent(end)
            if right > left:
                phases.append(Phase(name, start, end, left, round(right - left, 3)))
        return phases

    @property
    def cases(self) -> list[ChartCase]:
        """The cases named by a cross-case chart's major events, in order of first flag."""
        seen: dict[int, ChartCase] = {}
        for e in self.major_events:
            if e.case_id is not None and e.case_id not in seen:
                seen[e.case_id] = ChartCase(e.case_id, e.case_title, e.case_letter, e.case_colour)
        return list(seen.values())

    @property
    def lead_year(self) -> int | None:
        """The year the chart opens in when it opens after 1 January: the axis marks each
        1 January, so that year gets its label at the left edge (unless the next one's
        label, too close, would overlap it)."""
        if not self.buckets:
            return None
        start, end = self.buckets[0].start, self.buckets[-1].end
        next_year = dt.date(start.year + 1, 1, 1)
        if (start.month, start.day) == (1, 1) or next_year >= end:
            return None
        return start.year if self._percent(next_year) >= 6 else None

    @property
    def min_width(self) -> int:
        """The chart's narrowest legible width in CSS pixels: each bucket at least
        MIN_BUCKET_PX wide and each year label room for its four digits; narrower screens
        scroll the chart inside its own box."""
        if not self.buckets:
            return 0
        years = self.buckets[-1].end.year - self.buckets[0].start.year + 1
        per_year = YEAR_LABEL_PX if years <= 60 else 0
        return max(len(self.buckets) * MIN_BUCKET_PX, years * per_year)

    def span_display(self) -> str:
        if self.first is None or self.last is None:
            return ""
        first, last = self.first.strftime("%B %Y"), self.last.strftime("%B %Y")
        return first if first == last else f"{first} to {last}"


CASE_COLOURS = 6  # colour slots for cases on a cross-case chart; letters tell the rest apart
MIN_BUCKET_PX = 12
YEAR_LABEL_PX = 40


def _letters(n: int) -> str:
    """A, B, … Z, AA, AB …: the label that tells a case's flags apart beside its colour."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


_SINGULAR = {"event": "event", "testimony": "testimony", "source": "source"}
_PLURAL = {"event": "events", "testimony": "testimony", "source": "sources"}


def _count_words(kind: str, count: int, cap: int) -> str:
    noun = _SINGULAR[kind] if count == 1 else _PLURAL[kind]
    more = " or more" if cap and count >= cap else ""
    return f"{count}{more} {noun}"


def _period_label(start: dt.date, unit: str) -> str:
    if unit == "month":
        return start.strftime("%B %Y")
    if unit == "quarter":
        return f"{start.strftime('%B')} to {_add_months(start, 2).strftime('%B %Y')}"
    if unit == "year":
        return str(start.year)
    return f"{start.year}s"


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
    scope: TimelineScope, *, major_limit: int = 20, cap: int = OVERVIEW_CAP, viewer=None
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
    cases; with a `viewer`, a preview's, the drafts that user may see, as build_timeline).
    """
    streams = scope_streams(scope, None, viewer)
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
    events = next((s for s in streams if s.kind == EntryKind.EVENT), None)
    is_case = isinstance(scope.owner, Case)
    if is_case and events is not None:
        # The first published event of each phase's kinds, read in the same statement.
        for name, event_kinds in PHASES:
            rows = (
                events.queryset.filter(kind__in=event_kinds)
                if event_kinds
                else events.queryset.filter(title__icontains="discovery")
            )
            ends[f"phase_{name}"] = Subquery(rows.order_by("date").values("date")[:1])
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
    if events is not None and major_limit > 0:
        # Across cases (a party, a topic, an MDL's members) each flag names its case.
        case_fields = ("case_id", "case__short_title") if scope.case is None else ()
        rows = list(
            events.queryset.filter(importance=Event.Importance.MAJOR)
            .order_by("-date", "date_precision", "-id")
            .values("id", "date", "date_precision", "title", "kind", *case_fields)[
                : major_limit + 1
            ]
        )
        more_major = len(rows) > major_limit
        letters: dict[int, int] = {}  # case id → its order of first appearance
        for r in reversed(rows[:major_limit]):
            number = letters.setdefault(r.get("case_id"), len(letters))
            major_events.append(
                MajorEvent(
                    r["id"],
                    r["date"],
                    r["date_precision"],
                    r["title"],
                    r["kind"],
                    r.get("case_id"),
                    r.get("case__short_title", ""),
                    _letters(number) if "case_id" in r else "",
                    number % CASE_COLOURS,
                )
            )
    phase_starts = {
        name: span[f"phase_{name}"] for name, _kinds in PHASES if span.get(f"phase_{name}")
    }
    return TimelineOverview(
        kinds=kinds,
        first=first,
        last=last,
        unit=unit,
        cap=cap,
        buckets=buckets,
        major_events=major_events,
        more_major_events=more_major,
        phase_starts=phase_starts,
        filed_on=scope.owner.filed_on if is_case else None,
        closed_on=scope.owner.closed_on if is_case else None,
    )
