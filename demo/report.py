"""What a load of the demo dataset wrote, printed by `manage.py load_demo`."""

from __future__ import annotations

from dataclasses import dataclass, field


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@dataclass
class Tally:
    """Rows written by a load: a second run over unchanged data has created == updated == 0."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: Tally) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class CaseReport:
    title: str
    roles: int
    events: int
    events_published: int
    testimony: int
    testimony_published: int
    sources: int
    tally: Tally

    def __str__(self) -> str:
        return (
            f"{self.title}: {_count(self.roles, 'role')}, {_count(self.events, 'event')} "
            f"({self.events_published} published), {self.testimony} testimony "
            f"({self.testimony_published} published), {_count(self.sources, 'source')} "
            f"— {self.tally}"
        )


@dataclass
class LoadReport:
    shared: Tally = field(default_factory=Tally)
    cases: list[CaseReport] = field(default_factory=list)

    @property
    def total(self) -> Tally:
        total = Tally()
        total.add(self.shared)
        for case in self.cases:
            total.add(case.tally)
        return total

    def __str__(self) -> str:
        events = sum(c.events for c in self.cases)
        published = sum(c.events_published for c in self.cases)
        testimony = sum(c.testimony for c in self.cases)
        t_published = sum(c.testimony_published for c in self.cases)
        return (
            f"Demo data loaded: {len(self.cases)} cases, {events} events ({published} published), "
            f"{testimony} testimony ({t_published} published) — {self.total}."
        )
