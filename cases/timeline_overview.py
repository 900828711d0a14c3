"""The visual timeline's data at a cost that does not grow with the timeline
(internal to cases.timeline; use cases.timeline.timeline_overview).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import connections
from django.db.models import F

from cases.dates import EARLIEST_DATE, LATEST_DATE
from cases.entries import Bucket, EntryKind, MajorEvent, TimelineOverview
from cases.models import Event
from cases.timeline_streams import Stream, midnight, prepared_query, scope_streams

if TYPE_CHECKING:
    from cases.timeline import TimelineScope

OVERVIEW_CAP = 12  # entries counted per bucket and kind at most
MAX_BUCKETS = 48
MIN_BUCKETS = 12  # months drawn at least, however short the span


def _as_date(value) -> dt.date | None:
    """A date from a raw query: a date, or an aware datetime (its UTC date)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).date() if value.tzinfo else value.date()
    return value


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
    streams = scope_streams(scope, None)
    kinds = tuple(stream.kind for stream in streams)
    if not streams:
        return TimelineOverview(kinds=kinds)
    connection = connections[streams[0].base.db]

    def column(stream: Stream) -> str:
        return stream.datetime_bound or stream.date

    def shape(stream: Stream, *parts) -> tuple | None:
        return scope.key and (scope.key, stream.base.db, stream.kind, "overview", *parts)

    parts, params = [], []
    for stream in streams:
        for direction in ("", "-"):
            prepared = prepared_query(
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
    # A date outside the accepted years (stored before they were refused) would take the
    # buckets' month arithmetic off the calendar: the chart spans the accepted years at most.
    first = min(max(min(firsts), EARLIEST_DATE), LATEST_DATE)
    last = min(max(max(lasts), EARLIEST_DATE), LATEST_DATE)
    unit, bounds = _buckets(first, last)

    # One row per bucket (a CTE of its bounds), one capped, correlated count per kind.
    rows, params = [], []
    for index, (start, end) in enumerate(bounds):
        rows.append("(%s, %s, %s, %s, %s)")
        params += [index, start, end, midnight(start), midnight(end)]
    counts = []
    for number, stream in enumerate(streams):
        prepared = prepared_query(
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
        rows = prepared_query(
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
