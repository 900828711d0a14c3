"""The case page's header at a glance: the latest development (the newest event or statement
so far) and the next date (the first upcoming event), each at its precision, with its permalink.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case as CaseExpression
from django.db.models import CharField, F, Q, QuerySet, Value, When

from cases.models import Case, Event, Testimony
from cases.timeline.entries import PRECISION_RANK, SETTING_PHRASES, EntryKind, PartialDated
from core.dates import Precision
from core.publishing import PublicationState
from core.urls import page_url


def upcoming_dates(today: dt.date) -> Q:
    """Dates from today on. A date known only to the month (or year) counts as upcoming for
    the whole of that month (or year): "June 2026" is still ahead on 10 June."""
    start_of_year = today.replace(month=1, day=1)
    # Every branch is on or after 1 January: said once more outside the OR, so PostgreSQL reads
    # that range of the (case, state, date) index instead of filtering all of a case's events
    # (135 ms at 50,000 events when none is upcoming, 0.3 ms with it).
    return Q(date__gte=start_of_year) & (
        Q(date__gte=today)
        | Q(date_precision=Precision.MONTH, date__gte=today.replace(day=1))
        | Q(date_precision=Precision.YEAR, date__gte=start_of_year)
    )


@dataclass(frozen=True, slots=True)
class HeaderEntry(PartialDated):
    """An event or statement the case page's header names, linked to its permalink."""

    kind: str  # EntryKind.EVENT or EntryKind.TESTIMONY
    id: int
    date: dt.date
    precision: str
    title: str
    label: str  # the event's kind ("Hearing") or the statement's setting ("Trial")
    is_draft: bool = False  # only in a preview

    @property
    def url(self) -> str:
        name = "cases:event-detail" if self.kind == EntryKind.EVENT else "cases:testimony-detail"
        return page_url(name, pk=self.id)


@dataclass(frozen=True)
class CaseHeader:
    latest: HeaderEntry | None  # the latest development: the newest event or statement so far
    next: HeaderEntry | None  # the next date: the first upcoming event


# A statement's label in the header: its setting, or the bench for a judge's words.
_BENCH = "bench"
_BENCH_OR_SETTING = CaseExpression(
    When(speaker=Testimony.Speaker.BENCH, then=Value(_BENCH)), default=F("setting")
)


def case_header(case: Case, today: dt.date, viewer=None) -> CaseHeader:
    """The latest development and the next date of a published case (1 query: the newest past
    event, the newest statement and the first upcoming event, each an indexed LIMIT 1).
    `viewer`: a preview, which counts the drafts that user may see."""

    def of(model) -> QuerySet:
        rows = model.objects.filter(case=case)
        return rows.visible_to(viewer) if viewer is not None else rows.published()

    def columns(qs: QuerySet, kind: str, title: str, label: str) -> QuerySet:
        return qs.values(
            "id",
            "date",
            "date_precision",
            "state",
            entry_kind=Value(kind, output_field=CharField()),
            title_=F(title),
            label_=F(label) if isinstance(label, str) else label,
        )

    # Newest in timeline order: latest date, the most precise first ("day" < "month" < "year").
    newest = ("-date", "date_precision", "-id")
    past_events = of(Event).filter(date__lte=today).exclude(upcoming_dates(today)).order_by(*newest)
    past_testimony = of(Testimony).filter(date__lte=today).order_by(*newest)
    upcoming = of(Event).filter(upcoming_dates(today)).order_by("date", "-date_precision", "id")
    parts = [
        columns(past_events, EntryKind.EVENT, "title", "kind")[:1],
        columns(past_testimony, EntryKind.TESTIMONY, "witness__name", _BENCH_OR_SETTING)[:1],
        columns(upcoming, "next", "title", "kind")[:1],
    ]
    latest: HeaderEntry | None = None
    following: HeaderEntry | None = None
    for row in parts[0].union(*parts[1:], all=True):
        kind = EntryKind.EVENT if row["entry_kind"] == "next" else row["entry_kind"]
        choices = Event.Kind if kind == EntryKind.EVENT else Testimony.Setting
        label = str(dict(choices.choices).get(row["label_"], row["label_"]))
        title = row["title_"]
        if row["label_"] == _BENCH:
            label, title = "Statement from the bench", f"{title}, from the bench"
        elif kind == EntryKind.TESTIMONY:
            title += ", " + SETTING_PHRASES.get(row["label_"], label.lower())
        entry = HeaderEntry(
            kind=kind,
            id=row["id"],
            date=row["date"],
            precision=row["date_precision"],
            title=title,
            label=label,
            is_draft=row["state"] != PublicationState.PUBLISHED,
        )
        if row["entry_kind"] == "next":
            following = entry
        elif latest is None or _timeline_key(entry) > _timeline_key(latest):
            latest = entry
    return CaseHeader(latest=latest, next=following)


def _timeline_key(entry: HeaderEntry) -> tuple:
    """Latest date first, the most precise first; on the same day an event (a verdict, a
    ruling) is the development rather than a statement made at it."""
    is_event = entry.kind == EntryKind.EVENT
    return (entry.date, PRECISION_RANK.get(entry.precision, 0), is_event, entry.id)
