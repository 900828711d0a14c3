"""The read model of a timeline entry, the one shape every reader of entries uses: the case,
party, topic and source pages, the API timeline, the Atom feeds, the calendars and the search
hits (which wrap an Entry). Also the cursors and pages of timelines. Plain frozen dataclasses,
built from rows by cases.timeline_rows; nothing here touches the database.

`cases.timeline` re-exports everything public from here, so callers import from one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Testimony
from core.dates import Precision, format_partial_date, iso_partial_date
from core.urls import page_url

# Order of precisions inside one date: the vaguer first. (Alphabetically day < month < year, so
# SQL orders by "-<precision>"; in Python we use these ranks.)
PRECISION_RANK: dict[str, int] = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}


# How a statement is introduced: "Elon Musk, trial testimony".
SETTING_PHRASES: dict[str, str] = {
    Testimony.Setting.TRIAL: "trial testimony",
    Testimony.Setting.DEPOSITION: "deposition testimony",
    Testimony.Setting.HEARING: "at a hearing",
    Testimony.Setting.DECLARATION: "declaration",
    Testimony.Setting.CONGRESSIONAL: "congressional testimony",
    Testimony.Setting.RULING: "from the bench",
    Testimony.Setting.OTHER: "statement",
}


class EntryKind(models.TextChoices):
    """The three kinds of timeline entries. Their values sort in timeline order."""

    EVENT = "event", _("Event")
    SOURCE = "source", _("Source")
    TESTIMONY = "testimony", _("Testimony")


# Headings of lanes and filters: "Events", "Testimony", "Sources".
KIND_PLURALS: dict[str, str] = {
    EntryKind.EVENT: _("Events"),
    EntryKind.SOURCE: _("Sources"),
    EntryKind.TESTIMONY: _("Testimony"),
}


# --------------------------------------------------------------------------------------------
# Cursors
# --------------------------------------------------------------------------------------------


# Positions stay clear of the calendar's ends (a page's window reaches a day past its dates)
# and of the database's 64-bit ids.
MIN_DATE, MAX_DATE = dt.date(1, 1, 1), dt.date(9998, 12, 31)
MAX_ID = 2**63 - 1


class InvalidCursor(ValueError):
    """A page cursor or start date from a URL that cannot be read; the message says what to do."""


@dataclass(frozen=True, slots=True)
class Cursor:
    """A position in a timeline: the ordering key of an entry (or a point before a date).

    Encoded in URLs as ``2026-04-30.day.testimony.123``. ``Cursor.start_of(date)`` is the
    position just before everything on `date`, used to jump to a month or year.
    """

    date: dt.date
    precision: str = ""  # "" means before every precision on that date
    kind: str = ""
    id: int = 0

    @classmethod
    def start_of(cls, date: dt.date) -> Cursor:
        """The position just before everything on `date`. Raises InvalidCursor out of range."""
        if not MIN_DATE <= date <= MAX_DATE:
            raise InvalidCursor(
                f"{date.isoformat()} is outside the dates this tracker can show "
                f"({MIN_DATE.year}–{MAX_DATE.year})."
            )
        return cls(date=date)

    @property
    def key(self) -> tuple[dt.date, int, str, int]:
        return (self.date, PRECISION_RANK.get(self.precision, -1), self.kind, self.id)

    def encode(self) -> str:
        return f"{self.date.isoformat()}.{self.precision}.{self.kind}.{self.id}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        """Read a cursor from a URL. Raises InvalidCursor with a message a reader can act on."""
        problem = InvalidCursor(
            f"The page position “{text[:60]}” is not valid. Start again from the first page."
        )
        parts = (text or "").split(".")
        if len(parts) != 4:
            raise problem
        date_text, precision, kind, id_text = parts
        try:
            date = dt.date.fromisoformat(date_text)
            pk = int(id_text)
        except ValueError:
            raise problem from None
        if precision not in PRECISION_RANK or kind not in EntryKind.values:
            raise problem
        if not (0 <= pk <= MAX_ID and MIN_DATE <= date <= MAX_DATE):
            raise problem
        return cls(date=date, precision=precision, kind=kind, id=pk)


# --------------------------------------------------------------------------------------------
# Entries
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseRef:
    """The case an entry belongs to (timelines of parties and topics span cases)."""

    id: int
    slug: str
    short_title: str
    docket_number: str = ""
    court: str = ""

    @property
    def url(self) -> str:
        return page_url("cases:case-detail", slug=self.slug)


@dataclass(frozen=True, slots=True)
class PartyRef:
    id: int
    slug: str
    name: str

    @property
    def url(self) -> str:
        return page_url("cases:party-detail", slug=self.slug)


@dataclass(frozen=True, slots=True)
class Citation:
    """A published source cited by an entry, named by its outlet."""

    source_id: int
    title: str
    url: str  # the source's own address
    outlet: str  # the outlet's name, or the URL's host when the source has no outlet
    outlet_id: int | None  # None: the source has no outlet (`outlet` is then its host)
    published_at: dt.datetime | None
    link_dead_since: dt.datetime | None = None
    pinpoint: str = ""  # events: where in the source ("ECF 471 at 3")
    wording: str = ""  # testimony: this source's own wording when it differs from the excerpt
    is_draft: bool = False  # only in previews of drafts, which cite draft sources too

    @property
    def permalink(self) -> str:
        return page_url("cases:source-detail", pk=self.source_id)

    @property
    def outlet_name(self) -> str:
        """The outlet's name, or "" when the source has none."""
        return self.outlet if self.outlet_id else ""

    @property
    def outlet_key(self) -> str:
        """What makes two sources independent: their outlet, or their host without one."""
        return f"outlet:{self.outlet_id}" if self.outlet_id else f"host:{self.outlet}"


@dataclass(frozen=True, slots=True)
class Wording:
    """One way the sources word a statement, and the outlets that word it so."""

    text: str
    outlets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EventDetails:
    kind: str
    kind_label: str
    is_major: bool
    end_date: dt.date | None
    docket_entry_number: int | None


@dataclass(frozen=True, slots=True)
class TestimonyDetails:
    witness: PartyRef
    setting: str
    setting_label: str
    examining_counsel: PartyRef | None
    phase: str
    phase_label: str
    is_verbatim: bool
    context: str
    transcript_citation: str
    independent_sources: int  # distinct outlets among the published cited sources
    wordings: tuple[Wording, ...]  # more than one when sources word it differently
    speaker: str = Testimony.Speaker.WITNESS  # a witness's testimony, or the bench's words

    @property
    def worded_differently(self) -> bool:
        return len(self.wordings) > 1

    @property
    def from_bench(self) -> bool:
        """A judge's remark or ruling: labelled as such, never as testimony."""
        return self.speaker == Testimony.Speaker.BENCH


@dataclass(frozen=True, slots=True)
class SourceDetails:
    kind: str
    kind_label: str
    url: str
    outlet: str  # the outlet's name, or the URL's host when the source has no outlet
    outlet_id: int | None
    authors: str
    published_at: dt.datetime | None
    link_dead_since: dt.datetime | None

    @property
    def outlet_name(self) -> str:
        """The outlet's name, or "" when the source has none."""
        return self.outlet if self.outlet_id else ""

    @property
    def publication_date_known(self) -> bool:
        """False when the entry's date is the day the source was first seen here, not the day
        it was published (which nobody gave): readers must be told."""
        return self.published_at is not None


class PartialDated:
    """`date_display` ("May 2026") and `date_iso` ("2026-05") for a `date` with a `precision`."""

    __slots__ = ()
    date: dt.date | None
    precision: str

    @property
    def date_display(self) -> str:
        return format_partial_date(self.date, self.precision)

    @property
    def date_iso(self) -> str:
        return iso_partial_date(self.date, self.precision)


@dataclass(frozen=True, slots=True)
class Entry(PartialDated):
    """One entry: an event, a statement or a source (one of `event`, `testimony`, `source` is
    set, as `kind` says), or, in search hits only, a case (none of them set).

    `url` is its page on this site. A source's `date` is its publication's, or the day it was
    first seen here when that is unknown (`source.publication_date_known`). `date` is None only
    in search hits, for what they cannot place (a case with no filing date, a source of unknown
    date).
    `made_public_at` and `updated_at` are when it was published here and last changed.
    `is_draft` is True only for a draft shown in a preview to a user who sees drafts.
    """

    kind: str
    id: int
    date: dt.date | None
    precision: str
    title: str
    text: str
    url: str
    case: CaseRef | None
    citations: tuple[Citation, ...] = ()
    event: EventDetails | None = None
    testimony: TestimonyDetails | None = None
    source: SourceDetails | None = None
    made_public_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    is_draft: bool = False  # only in previews of drafts (build_timeline(viewer=...))

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.date, self.precision, self.kind, self.id)

    @property
    def sort_key(self) -> tuple[dt.date, int, str, int]:
        return self.cursor.key

    @property
    def anchor(self) -> str:
        """The HTML id of the entry in a list, e.g. 'testimony-12'."""
        return f"{self.kind}-{self.id}"


@dataclass(frozen=True, slots=True)
class TimelinePage:
    """A page of a timeline, oldest first, with the cursors of its neighbours.

    Pass `next_cursor` as ``after=`` for the following page and `previous_cursor` as
    ``before=`` for the preceding one; a None cursor means there is no such page.
    """

    entries: list[Entry]
    next_cursor: Cursor | None
    previous_cursor: Cursor | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None


# --------------------------------------------------------------------------------------------
# Presentation helpers shared by the site and the API
# --------------------------------------------------------------------------------------------


@dataclass
class MonthGroup:
    label: str  # "April 2026", or "2026" for entries known only to the year
    iso: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class YearGroup:
    year: int
    months: list[MonthGroup] = field(default_factory=list)


def group_by_month(entries: Iterable[Entry]) -> list[YearGroup]:
    """Group entries (in timeline order) by year, then month. Entries known only to the year
    come first in their year, under the year itself."""
    years: list[YearGroup] = []
    for entry in entries:
        if not years or years[-1].year != entry.date.year:
            years.append(YearGroup(entry.date.year))
        year = years[-1]
        if entry.precision == Precision.YEAR:
            label, iso = str(entry.date.year), f"{entry.date.year:04d}"
        else:
            label = entry.date.strftime("%B %Y")
            iso = f"{entry.date.year:04d}-{entry.date.month:02d}"
        if not year.months or year.months[-1].iso != iso:
            year.months.append(MonthGroup(label, iso))
        year.months[-1].entries.append(entry)
    return years


def citation_text(entry: Entry, url: str) -> str:
    """A ready-to-copy citation of an entry, e.g.

    Elon Musk, trial testimony (cross-examination by William Savitt), Musk v. OpenAI,
    No. 4:24-cv-04722-YGR (N.D. Cal.), 30 April 2026, reported by Techlusive and The LGTM.
    AI Litigation Tracker, https://…/testimony/12/.
    """
    parts: list[str] = []
    if entry.testimony:
        t = entry.testimony
        said = entry.title
        if t.phase_label or t.examining_counsel:
            examination = (t.phase_label or "examination").lower()
            if t.examining_counsel:
                examination += f" by {t.examining_counsel.name}"
            said += f" ({examination})"
        quote = f"“{entry.text.strip()}”" if t.is_verbatim else f"[paraphrase] {entry.text.strip()}"
        parts.append(f"{quote} — {said}")
    else:
        parts.append(entry.title)
    if entry.case:
        case = entry.case.short_title
        if entry.case.docket_number:
            case += f", No. {entry.case.docket_number}"
            if entry.case.court:
                case += f" ({entry.case.court})"
        parts.append(case)
    if entry.event and entry.event.docket_entry_number:
        parts.append(f"ECF No. {entry.event.docket_entry_number}")
    if entry.testimony and entry.testimony.transcript_citation:
        parts.append(f"Tr. {entry.testimony.transcript_citation}")
    parts.append(entry.date_display)
    outlets = list(dict.fromkeys(c.outlet for c in entry.citations))
    text = ", ".join(parts)
    if outlets and not entry.source:
        named = outlets[0] if len(outlets) == 1 else ", ".join(outlets[:-1]) + " and " + outlets[-1]
        text += f", reported by {named}"
    return f"{text}. AI Litigation Tracker, {url}"
