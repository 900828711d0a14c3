"""Template helpers of the public site: partial dates and the visual timeline.

The visual timeline is an SVG drawn on the server from a TimelineOverview (counts per month per
kind and the latest major events), so it costs the same for 100 or 50,000 entries and needs no
JavaScript. The plot is stretched to the page width (preserveAspectRatio="none") and carries no
text; labels (lanes, years, numbered major events) are HTML laid over it in percentages, so they
stay legible at phone width instead of shrinking with the drawing.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django import template

from cases.timeline.entries import KIND_PLURALS, EntryKind
from cases.timeline.overview import MajorEvent, TimelineOverview
from core.dates import format_partial_date, iso_partial_date

register = template.Library()


@register.filter
def partial_date(value: dt.date | None, precision: str = "day") -> str:
    """{{ case.filed_on|partial_date:case.filed_on_precision }} → 'August 2024'."""
    return format_partial_date(value, precision)


@register.filter
def iso_date(value: dt.date | None, precision: str = "day") -> str:
    """The machine-readable form for <time datetime="…">: '2024-08' for a month."""
    return iso_partial_date(value, precision)


@register.filter
def day(value: dt.datetime | dt.date | None) -> str:
    """A datetime as the day it happened ('1 May 2026'), for source publication dates."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC).date()
    return format_partial_date(value, "day")


# --------------------------------------------------------------------------------------------
# Visual timeline geometry
# --------------------------------------------------------------------------------------------

WIDTH = 1000  # SVG user units across; the plot stretches to the container
LANE_HEIGHT = 34
LANE_GAP = 10
BAR_ROOM = LANE_HEIGHT - 4
FLAG_ROWS = 3
FLAG_SPACING = 6.0  # percent of the width between two flags in the same row
LANE_ORDER = (EntryKind.EVENT, EntryKind.TESTIMONY, EntryKind.SOURCE)


@dataclass
class Lane:
    """One lane of bars, drawn as two SVG paths (bars below the cap, bars at the cap): string
    building in Python is far cheaper than a template loop over hundreds of numbers."""

    kind: str
    label: str
    top: int
    path: str = ""
    full_path: str = ""


@dataclass
class Flag:
    number: int
    event: MajorEvent
    x: float  # SVG units
    left: float  # percent
    row: int


@dataclass
class Tick:
    year: int
    x: float
    left: float
    labelled: bool


@dataclass
class Chart:
    lanes: list[Lane]
    flags: list[Flag]
    ticks: list[Tick]
    height: int
    unit: str
    top: int  # entries in the tallest bar
    saturated: bool  # the tallest bars reached the cap: "top or more"
    flag_rows: int
    span: str

    @property
    def width(self) -> int:
        return WIDTH


def build_chart(overview: TimelineOverview) -> Chart | None:
    """Lay out the visual timeline: one lane per entry kind, one bar per bucket whose height
    grows with the square root of its (capped) count, so a month with one entry stays visible
    next to a busy one; major events as numbered flags with a line across the lanes."""
    if overview.is_empty or not overview.buckets:
        return None
    start, end = overview.buckets[0].start, overview.buckets[-1].end
    total_days = max((end - start).days, 1)
    bucket_width = WIDTH / len(overview.buckets)
    cap = max(overview.cap, 1)
    # The busiest bucket (counted up to the cap) is drawn full height.
    top = max((min(n, cap) for b in overview.buckets for n in b.counts.values()), default=1) or 1

    def position(day: dt.date) -> float:
        return min(WIDTH, max(0.0, (day - start).days / total_days * WIDTH))

    lanes: list[Lane] = []
    kinds = [kind for kind in LANE_ORDER if kind in overview.kinds]
    for number, kind in enumerate(kinds):
        lane = Lane(kind, str(KIND_PLURALS[kind]), number * (LANE_HEIGHT + LANE_GAP))
        width = max(bucket_width * 0.76, 1.2)
        bars: dict[bool, list[str]] = {False: [], True: []}
        for index, bucket in enumerate(overview.buckets):
            count = bucket.counts.get(kind, 0)
            if not count:
                continue
            height = max(3.0, math.sqrt(min(count, cap) / top) * BAR_ROOM)
            x = index * bucket_width + bucket_width * 0.12
            y = lane.top + LANE_HEIGHT - height
            bars[count >= cap].append(f"M{x:.2f} {y:.2f}h{width:.2f}v{height:.2f}h-{width:.2f}z")
        lane.path, lane.full_path = "".join(bars[False]), "".join(bars[True])
        lanes.append(lane)

    flags: list[Flag] = []
    row_ends = [-100.0] * FLAG_ROWS
    for number, event in enumerate(overview.major_events, start=1):
        x = position(event.date)
        left = x / WIDTH * 100
        free = [row for row in range(FLAG_ROWS) if left - row_ends[row] >= FLAG_SPACING]
        row = free[0] if free else min(range(FLAG_ROWS), key=lambda r: row_ends[r])
        row_ends[row] = left
        flags.append(Flag(number, event, round(x, 2), round(left, 3), row))

    years = list(range(start.year + (0 if (start.month, start.day) == (1, 1) else 1), end.year + 1))
    years = [year for year in years if dt.date(year, 1, 1) < end] or [start.year]
    every = next(step for limit, step in _LABEL_EVERY if len(years) <= limit)
    ticks = [
        Tick(
            year,
            round(position(max(dt.date(year, 1, 1), start)), 2),
            round(position(max(dt.date(year, 1, 1), start)) / WIDTH * 100, 3),
            year % every == 0 or len(years) == 1,
        )
        for year in years
    ]
    return Chart(
        lanes=lanes,
        flags=flags,
        ticks=ticks,
        height=len(lanes) * (LANE_HEIGHT + LANE_GAP) - LANE_GAP,
        unit=overview.unit,
        top=top,
        saturated=top >= cap,
        flag_rows=max((flag.row for flag in flags), default=-1) + 1,
        span=overview.span_display(),
    )


# How many year labels fit: every year up to 8 years, then every 2nd, 5th, 10th, 50th year.
_LABEL_EVERY = ((8, 1), (16, 2), (40, 5), (80, 10), (10**6, 50))


@register.inclusion_tag("cases/includes/timeline_chart.html")
def timeline_chart(overview: TimelineOverview) -> dict:
    """{% timeline_chart overview %}: the visual timeline of a TimelineOverview."""
    return {"chart": build_chart(overview), "overview": overview}
