"""Building entries (cases.entries.Entry) from rows: the one place an event, a statement or a
source becomes the entry that timelines, feeds, calendars and search hits show.

A row is a `values()` dict with the columns named below (EVENT_FIELDS, TESTIMONY_FIELDS,
SOURCE_FIELDS; CASE_FIELDS when the rows span cases); whoever reads the rows (the timeline's
streams, the search) asks for these columns, so what an entry holds is declared once. Here too:
labels, the citations of a page's events and testimony (one query), testimony wordings and
corroboration.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.db.models import F, Value

from articles.models import Source
from cases.models import Event, EventCitation, Testimony, TestimonyCitation
from cases.timeline.entries import (
    SETTING_PHRASES,
    CaseRef,
    Citation,
    Entry,
    EntryKind,
    EventDetails,
    PartyRef,
    SourceDetails,
    TestimonyDetails,
    Wording,
)
from core.dates import Precision
from core.publishing import PublicationState
from core.urls import page_url

# The columns each kind's entries are built from. A row spanning cases adds CASE_FIELDS (a
# single-case reader knows its case); sources add `tl_date`, the UTC date of their placed_at
# (publication, or first seen here when that is unknown).
_PUBLICATION_FIELDS = ("made_public_at", "updated_at")
EVENT_FIELDS = (
    "id",
    "date",
    "date_precision",
    "end_date",
    "kind",
    "title",
    "description",
    "importance",
    "docket_entry_number",
    *_PUBLICATION_FIELDS,
)
TESTIMONY_FIELDS = (
    "id",
    "date",
    "date_precision",
    "setting",
    "phase",
    "excerpt",
    "is_verbatim",
    "context",
    "transcript_citation",
    "speaker",
    "witness_id",
    "witness__slug",
    "witness__name",
    "examining_counsel_id",
    "examining_counsel__slug",
    "examining_counsel__name",
    *_PUBLICATION_FIELDS,
)
SOURCE_FIELDS = (
    "id",
    "tl_date",
    "title",
    "url",
    "summary",
    "kind",
    "authors",
    "published_at",
    "link_dead_since",
    "outlet_id",
    "outlet__name",
    *_PUBLICATION_FIELDS,
)
CASE_FIELDS = (
    "case_id",
    "case__slug",
    "case__short_title",
    "case__docket_number",
    "case__court__short_name",
)
CITATION_FIELDS = (
    "id",
    "source_id",
    "source__title",
    "source__url",
    "source__published_at",
    "source__link_dead_since",
    "source__outlet_id",
    "source__outlet__name",
)


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
    return Citation(
        source_id=row["source_id"],
        title=row["source__title"] or url,
        url=url,
        outlet=row["source__outlet__name"] or _host(url),
        outlet_id=row["source__outlet_id"],
        published_at=row["source__published_at"],
        link_dead_since=row["source__link_dead_since"],
        **extra,
    )


# (model, parent column, kind-specific column)
_CITED = {
    EntryKind.EVENT: (EventCitation, "event_id", "pinpoint"),
    EntryKind.TESTIMONY: (TestimonyCitation, "testimony_id", "wording"),
}


def citations_of(
    ids_by_kind: dict[str, list[int]], *, drafts: bool = False
) -> dict[tuple[str, int], list[Citation]]:
    """Published cited sources of the given events and testimony, in citation order, keyed by
    (kind, id): one UNION ALL query for both kinds. `drafts`: draft sources too, marked
    `is_draft` (previews of drafts only).

    Drafts are dropped here rather than in SQL, and the order is restored here too: a
    `source.state` filter or an ORDER BY id lets a planner without statistics walk every
    source or every citation instead of the (parent, source) unique index.
    """
    result: dict[tuple[str, int], list[Citation]] = {
        (kind, pk): [] for kind, ids in ids_by_kind.items() for pk in ids
    }
    parts = []
    for kind in (EntryKind.EVENT, EntryKind.TESTIMONY):
        if not ids_by_kind.get(kind):
            continue
        model, parent, note = _CITED[kind]
        parts.append(
            model.objects.filter(**{f"{parent}__in": ids_by_kind[kind]})
            .order_by()
            .values(
                *CITATION_FIELDS,
                kind=Value(kind),
                parent=F(parent),
                source_state=F("source__state"),
                note=F(note),
            )
        )
    if not parts:
        return result
    rows = parts[0].union(*parts[1:], all=True)
    for row in sorted(rows, key=lambda row: (row["kind"], row["id"])):
        is_draft = row["source_state"] != PublicationState.PUBLISHED
        if is_draft and not drafts:
            continue
        extra = {"pinpoint" if row["kind"] == EntryKind.EVENT else "wording": row["note"] or ""}
        if is_draft:
            extra["is_draft"] = True
        result[(row["kind"], row["parent"])].append(_citation(row, **extra))
    return result


def _is_draft(row: dict) -> bool:
    """Whether a row read for a preview (with its `state`) is a draft; public rows are not."""
    return row.get("state", PublicationState.PUBLISHED) != PublicationState.PUBLISHED


def case_ref(row: dict) -> CaseRef:
    """The CaseRef of a row read with CASE_FIELDS."""
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


def event_entry(row: dict, citations: Sequence[Citation], case: CaseRef | None) -> Entry:
    return Entry(
        kind=EntryKind.EVENT,
        id=row["id"],
        date=row["date"],
        precision=row["date_precision"],
        title=row["title"],
        text=row["description"],
        url=page_url("cases:event-detail", pk=row["id"]),
        case=case,
        citations=tuple(citations),
        event=EventDetails(
            kind=row["kind"],
            kind_label=_label(Event.Kind, row["kind"]),
            is_major=row["importance"] == Event.Importance.MAJOR,
            end_date=row["end_date"],
            docket_entry_number=row["docket_entry_number"],
        ),
        made_public_at=row["made_public_at"],
        updated_at=row["updated_at"],
        is_draft=_is_draft(row),
    )


def testimony_entry(row: dict, citations: Sequence[Citation], case: CaseRef | None) -> Entry:
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
        title=f"{witness.name}, from the bench"
        if row["speaker"] == Testimony.Speaker.BENCH
        else f"{witness.name}, {SETTING_PHRASES.get(row['setting'], setting_label.lower())}",
        text=row["excerpt"],
        url=page_url("cases:testimony-detail", pk=row["id"]),
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
            speaker=row["speaker"],
        ),
        made_public_at=row["made_public_at"],
        updated_at=row["updated_at"],
        is_draft=_is_draft(row),
    )


def source_entry(row: dict, case: CaseRef | None) -> Entry:
    """A source as an entry; its one citation is itself."""
    url = row["url"]
    outlet = row["outlet__name"] or _host(url)
    return Entry(
        kind=EntryKind.SOURCE,
        id=row["id"],
        date=row["tl_date"],
        precision=Precision.DAY,
        title=row["title"] or url,
        text=row["summary"],
        url=page_url("cases:source-detail", pk=row["id"]),
        case=case,
        citations=(
            Citation(
                source_id=row["id"],
                title=row["title"] or url,
                url=url,
                outlet=outlet,
                outlet_id=row["outlet_id"],
                published_at=row["published_at"],
                link_dead_since=row["link_dead_since"],
            ),
        ),
        source=SourceDetails(
            kind=row["kind"],
            kind_label=_label(Source.Kind, row["kind"]),
            url=url,
            outlet=outlet,
            outlet_id=row["outlet_id"],
            authors=row["authors"],
            published_at=row["published_at"],
            link_dead_since=row["link_dead_since"],
        ),
        made_public_at=row["made_public_at"],
        updated_at=row["updated_at"],
        is_draft=_is_draft(row),
    )


def entries_from_rows(
    rows: Sequence[tuple[str, dict]], case: CaseRef | None, *, draft_citations: bool = False
) -> list[Entry]:
    """Entries of (kind, row) pairs, in order, with their citations (one query).

    `case`: the one case every row belongs to, if known; otherwise events and testimony name
    theirs through CASE_FIELDS, and sources have none. `draft_citations`: cite draft sources
    too (previews only).
    """
    ids_by_kind: dict[str, list[int]] = {}
    for kind, row in rows:
        if kind != EntryKind.SOURCE:
            ids_by_kind.setdefault(kind, []).append(row["id"])
    citations = citations_of(ids_by_kind, drafts=draft_citations)
    entries: list[Entry] = []
    for kind, row in rows:
        if kind == EntryKind.SOURCE:
            entries.append(source_entry(row, case))
            continue
        ref = case or (case_ref(row) if "case_id" in row else None)
        build = event_entry if kind == EntryKind.EVENT else testimony_entry
        entries.append(build(row, citations[(kind, row["id"])], ref))
    return entries
