"""What the public may see: the read-side filters shared by search, feeds, calendars, sitemap.

Publication is per row, so "published" is not enough on its own: an event or testimony is public
only while its case is published too, a citation only while its source is, and a topic or party
(which have no publication state) only once some public entry mentions it. Otherwise a draft
case's witness list or a draft source would leak through a feed title or a sitemap.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from articles.models import Source

from .models import (
    Case,
    CaseRole,
    Event,
    EventCitation,
    Party,
    PublicationState,
    Testimony,
    TestimonyCitation,
    Topic,
)

PUBLISHED = PublicationState.PUBLISHED


def public_cases() -> QuerySet[Case]:
    return Case.objects.filter(state=PUBLISHED)


def public_events() -> QuerySet[Event]:
    return Event.objects.filter(state=PUBLISHED, case__state=PUBLISHED)


def public_testimony() -> QuerySet[Testimony]:
    return Testimony.objects.filter(state=PUBLISHED, case__state=PUBLISHED)


def public_sources() -> QuerySet[Source]:
    return Source.objects.filter(state=PUBLISHED)


def public_parties() -> QuerySet[Party]:
    """Parties with a role in a published case or published testimony."""
    return Party.objects.filter(
        Exists(CaseRole.objects.filter(party=OuterRef("pk"), case__state=PUBLISHED))
        | Exists(public_testimony().filter(witness=OuterRef("pk")))
    )


def public_topics() -> QuerySet[Topic]:
    """Topics tagged on a published case, event or testimony."""
    return Topic.objects.filter(
        Exists(public_cases().filter(topics=OuterRef("pk")))
        | Exists(public_events().filter(topics=OuterRef("pk")))
        | Exists(public_testimony().filter(topics=OuterRef("pk")))
    )


def published_citations(citation_model: type[EventCitation | TestimonyCitation]) -> Prefetch:
    """Prefetch an entry's `citations` of published sources, with their outlets (one query).

    A published entry may still cite a source that went back to draft; that source stays hidden.
    """
    return Prefetch(
        "citations",
        queryset=citation_model.objects.filter(source__state=PUBLISHED)
        .select_related("source__outlet")
        .defer("source__text")
        .order_by("id"),
    )


def sources_reporting_on(case: Case) -> Q:
    """A filter on public_sources(): those that report on `case` (EXISTS: no duplicates)."""
    return Q(Exists(Source.cases.through.objects.filter(source=OuterRef("pk"), case=case)))
