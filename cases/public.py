"""Read helpers for public pages: an entry's published citations, a case's sources.

What the public may see is each model's `public()` (cases.models); these build on it. Publication
is per row, so a citation is public only while its source is too, or a draft source would leak
through a feed or a page.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q

from articles.models import Source

from .models import (
    Case,
    EventCitation,
    PublicationState,
    TestimonyCitation,
)

PUBLISHED = PublicationState.PUBLISHED


def published_citations(citation_model: type[EventCitation | TestimonyCitation]) -> Prefetch:
    """Prefetch an entry's `citations` of published sources, with their outlets (one query).

    A published entry may still cite a source that went back to draft; that source stays hidden.
    """
    return Prefetch(
        "citations",
        queryset=citation_model.objects.filter(source__state=PUBLISHED)
        .select_related("source__outlet")
        .defer("source__text", "source__search_document")
        .order_by("id"),
    )


def sources_reporting_on(case: Case) -> Q:
    """A filter on public_sources(): those that report on `case` (EXISTS: no duplicates)."""
    return Q(Exists(Source.cases.through.objects.filter(source=OuterRef("pk"), case=case)))
