"""Turning stream rows into timeline entries (internal to cases.timeline): labels, the
citations of a page's events and testimony (one query), testimony wordings and corroboration.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.db.models import F, Value

from articles.models import Source
from cases.dates import Precision
from cases.entries import (
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
from cases.models import Event, EventCitation, Testimony, TestimonyCitation
from cases.timeline_streams import CITATION_FIELDS, PUBLISHED, Stream


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


# (model, parent column, kind-specific column)
_CITED = {
    EntryKind.EVENT: (EventCitation, "event_id", "pinpoint"),
    EntryKind.TESTIMONY: (TestimonyCitation, "testimony_id", "wording"),
}


def citations_of(ids_by_kind: dict[str, list[int]]) -> dict[tuple[str, int], list[Citation]]:
    """Published cited sources of the given events and testimony, in citation order, keyed by
    (kind, id): one UNION ALL query for both kinds.

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


def entries_from_rows(picked: list[tuple[Stream, dict]]) -> list[Entry]:
    ids_by_kind: dict[str, list[int]] = {}
    for stream, row in picked:
        ids_by_kind.setdefault(stream.kind, []).append(row["id"])
    citations = citations_of(ids_by_kind)
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
