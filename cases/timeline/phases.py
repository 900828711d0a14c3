"""A case's phases (filed, motions, discovery, trial, judgment, appeal), derived from its
published events and dates, drawn as labelled bands on its visual timeline (the overview reads
each phase's first event in its span query: cases.timeline.overview)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cases.models import Event


@dataclass(frozen=True, slots=True)
class Phase:
    """A stretch of a case's life (filed, motions, discovery, trial, judgment, appeal) drawn
    as a labelled band, in percent of the chart's width."""

    name: str
    start: dt.date
    end: dt.date
    left: float
    width: float


#: The phases of a case, in order, and the event kinds whose first published date starts each.
#: No event kind stands for discovery: it starts at the first event whose title says so.
PHASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Filed", (Event.Kind.FILING,)),
    ("Motions", (Event.Kind.HEARING, Event.Kind.RULING)),
    ("Discovery", ()),
    ("Trial", (Event.Kind.TRIAL,)),
    ("Judgment", (Event.Kind.VERDICT, Event.Kind.SETTLEMENT)),
    ("Appeal", (Event.Kind.APPEAL,)),
)


def case_phases(
    starts: dict[str, dt.date],
    *,
    filed_on: dt.date | None,
    closed_on: dt.date | None,
    last: dt.date,
) -> list[tuple[str, dt.date, dt.date]]:
    """A case's phases as (name, start, end), derived from its published events.

    The rule: a case is "Filed" from its filed_on date (else its first filing event); the
    "Motions" phase starts at its first hearing or ruling, "Discovery" at its first event whose
    title mentions discovery, "Trial" at its first trial day, "Judgment" at its first verdict or
    settlement, "Appeal" at its first appeal. Phases follow each other in that order: a phase
    that would start before an earlier phase or after a later one is left out (a discovery
    dispute during trial does not reopen discovery), of two begun the same day the later one
    is drawn, and each runs until the next one starts;
    the last one ends at closed_on, or at the end of the chart while the case is open.
    """
    starts = dict(starts)
    if filed_on is not None:
        starts["Filed"] = min(filed_on, starts.get("Filed", filed_on))
    known = [(name, starts[name]) for name, _kinds in PHASES if starts.get(name)]
    ordered: list[tuple[str, dt.date]] = []
    for index, (name, start) in enumerate(known):
        later = [day for _name, day in known[index + 1 :]]
        if not all(start <= day for day in later):
            continue
        if ordered and start == ordered[-1][1]:
            ordered[-1] = (name, start)  # begun the same day: the later phase is the one seen
        elif not ordered or start > ordered[-1][1]:
            ordered.append((name, start))
    end_of_case = min(closed_on, last) if closed_on is not None else last
    phases = []
    for index, (name, start) in enumerate(ordered):
        end = ordered[index + 1][1] if index + 1 < len(ordered) else max(end_of_case, start)
        phases.append((name, start, end))
    return phases
