"""The world of the permission matrix: for every model the admin or the API can write, how to
build a *private* instance (nothing the public sees) and a *public* one (something a reader sees,
or that is shown with what a reader sees), the text field its edits change, the values of its
admin add form and its API payloads. tests/rulebook/test_matrix.py holds the rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from articles.models import CaseSuggestion
from cases.models import EventCitation, TestimonyCitation
from tests.factories import (
    ApplicationAreaFactory,
    CaseFactory,
    CaseRoleFactory,
    CauseOfActionFactory,
    CourtFactory,
    EventFactory,
    OutletFactory,
    PartyFactory,
    SourceFactory,
    TestimonyFactory,
    TopicFactory,
)
from tests.rulebook.support import DRAFT, PUBLISHED, Base, fresh_source, make_candidate

PRIVATE, PUBLIC = "private", "public"


def _topic(base: Base, visibility: str):
    topic = TopicFactory()
    if visibility == PUBLIC:
        base.case.topics.add(topic)
    return topic


def _cause_of_action(base: Base, visibility: str):
    cause = CauseOfActionFactory()
    if visibility == PUBLIC:
        base.case.causes_of_action.add(cause)
    return cause


def _application_area(base: Base, visibility: str):
    area = ApplicationAreaFactory()
    if visibility == PUBLIC:
        base.case.application_areas.add(area)
    return area


def _court(base: Base, visibility: str):
    court = CourtFactory()
    if visibility == PUBLIC:
        CaseFactory(court=court)
    return court


def _party(base: Base, visibility: str):
    party = PartyFactory()
    if visibility == PUBLIC:
        CaseRoleFactory(case=base.case, party=party, role="defendant")
    return party


def _case(base: Base, visibility: str):
    return CaseFactory(court=base.court, state=DRAFT if visibility == PRIVATE else PUBLISHED)


def _case_role(base: Base, visibility: str):
    case = base.draft_case if visibility == PRIVATE else base.case
    return CaseRoleFactory(case=case, party=PartyFactory(), role="intervenor")


def _event(base: Base, visibility: str):
    # The private event could be published: its case and its source are.
    state = DRAFT if visibility == PRIVATE else PUBLISHED
    return EventFactory(case=base.case, cite=base.source, state=state)


def _event_citation(base: Base, visibility: str):
    if visibility == PRIVATE:
        return EventFactory(case=base.case, cite=base.draft_source, state=DRAFT).citations.get()
    # Not the event's only citation: an editor may remove or change it.
    event = EventFactory(case=base.case, cite=base.source)
    return EventCitation.objects.create(event=event, source=SourceFactory())


def _testimony(base: Base, visibility: str):
    state = DRAFT if visibility == PRIVATE else PUBLISHED
    return TestimonyFactory(case=base.case, witness=base.witness, cite=base.source, state=state)


def _testimony_citation(base: Base, visibility: str):
    if visibility == PRIVATE:
        testimony = TestimonyFactory(
            case=base.case, witness=base.witness, cite=base.draft_source, state=DRAFT
        )
        return testimony.citations.get()
    testimony = TestimonyFactory(case=base.case, witness=base.witness, cite=base.source)
    return TestimonyCitation.objects.create(testimony=testimony, source=SourceFactory())


def _outlet(base: Base, visibility: str):
    outlet = OutletFactory()
    if visibility == PUBLIC:
        SourceFactory(outlet=outlet)
    return outlet


def _source(base: Base, visibility: str):
    return fresh_source(state=DRAFT if visibility == PRIVATE else PUBLISHED)


def _case_suggestion(base: Base, visibility: str):
    # Public: accepting it puts a published source on a published case's timeline.
    source = fresh_source(state=DRAFT if visibility == PRIVATE else PUBLISHED)
    return CaseSuggestion.objects.create(
        source=source, case=base.case, score=2, reason="Names two of its parties"
    )


def _testimony_candidate(base: Base, visibility: str):
    if visibility == PRIVATE:  # accepting it makes new draft testimony
        source = fresh_source(state=DRAFT)
        source.cases.add(base.case)
        return make_candidate(source, base.witness, "A statement nobody recorded yet.")
    # Public: the same statement is already published testimony; accepting adds a citation.
    quote = "A statement on the public record."
    TestimonyFactory(case=base.case, witness=base.witness, cite=base.source, excerpt=quote)
    source = fresh_source()
    source.cases.add(base.case)
    return make_candidate(source, base.witness, quote)


# Admin add forms: the values a curator types (the rest is the form's own initial data).
def _add_case_role(base: Base, visibility: str) -> dict:
    case = base.draft_case if visibility == PRIVATE else base.case
    return {"case": case.pk, "party": base.witness.pk, "role": "witness", "note": "added"}


def _add_event_citation(base: Base, visibility: str) -> dict:
    event = EventFactory(
        case=base.case, cite=base.source, state=DRAFT if visibility == PRIVATE else PUBLISHED
    )
    return {"event": event.pk, "source": SourceFactory().pk, "pinpoint": "p. 9"}


def _add_testimony_citation(base: Base, visibility: str) -> dict:
    testimony = TestimonyFactory(
        case=base.case,
        witness=base.witness,
        cite=base.source,
        state=DRAFT if visibility == PRIVATE else PUBLISHED,
    )
    return {"testimony": testimony.pk, "source": SourceFactory().pk, "wording": "Partly."}


@dataclass(frozen=True)
class Entry:
    make: Callable[[Base, str], Model]
    # A text field the change, PUT, PATCH and revert paths edit; None: the admin form has none.
    edit: str | None
    add: Callable[[Base, str], dict] | None = None
    add_visibilities: tuple[str, ...] = (PRIVATE,)
    api_create: Callable[[Base], dict] | None = None
    api_put: Callable[[Any], dict] | None = None


WORLD: dict[str, Entry] = {
    "cases.topic": Entry(
        _topic,
        "description",
        add=lambda base, v: {"name": "Matrix topic", "slug": "matrix-topic"},
        api_create=lambda base: {"name": "Matrix topic", "slug": "matrix-topic"},
        api_put=lambda o: {"name": o.name, "slug": o.slug, "description": "Put"},
    ),
    "cases.causeofaction": Entry(
        _cause_of_action,
        "name",
        add=lambda base, v: {"name": "Matrix claim", "slug": "matrix-claim"},
    ),
    "cases.applicationarea": Entry(
        _application_area,
        "name",
        add=lambda base, v: {"name": "Matrix area", "slug": "matrix-area"},
    ),
    "cases.court": Entry(
        _court,
        "jurisdiction",
        add=lambda base, v: {"name": "Matrix court", "short_name": "M.", "slug": "matrix-court"},
        api_create=lambda base: {"name": "Matrix court", "short_name": "M.", "slug": "m-court"},
        api_put=lambda o: {
            "name": o.name,
            "short_name": o.short_name,
            "slug": o.slug,
            "jurisdiction": "Put",
        },
    ),
    "cases.party": Entry(
        _party,
        "description",
        add=lambda base, v: {"name": "Matrix Person", "slug": "matrix-person", "kind": "person"},
        api_create=lambda base: {"name": "Matrix Person", "slug": "m-person", "kind": "person"},
        api_put=lambda o: {"name": o.name, "slug": o.slug, "kind": o.kind, "description": "Put"},
    ),
    "cases.case": Entry(
        _case,
        "summary",
        add=lambda base, v: {
            "short_title": "Matrix v. Case",
            "slug": "matrix-v-case",
            "court": base.court.pk,
            "status": "filed",
        },
        api_create=lambda base: {
            "short_title": "Matrix v. Case",
            "slug": "matrix-v-case",
            "court": base.court.slug,
        },
        api_put=lambda o: {
            "short_title": o.short_title,
            "slug": o.slug,
            "court": o.court.slug,
            "summary": "Put",
        },
    ),
    "cases.caserole": Entry(
        _case_role, "note", add=_add_case_role, add_visibilities=(PRIVATE, PUBLIC)
    ),
    "cases.event": Entry(
        _event,
        "title",
        add=lambda base, v: {
            "case": base.case.pk,
            "title": "Matrix hearing",
            "kind": "hearing",
            "date": "2026-04-27",
            "date_precision": "day",
            "citations-0-source": base.source.pk,
        },
        api_create=lambda base: {
            "case": base.case.slug,
            "date": "2026-04",
            "title": "Matrix hearing",
            "citations": [{"source": base.source.pk, "pinpoint": "p. 2"}],
        },
        api_put=lambda o: {
            "case": o.case.slug,
            "date": o.date.isoformat(),
            "kind": o.kind,
            "title": "Put",
        },
    ),
    "cases.eventcitation": Entry(
        _event_citation, "pinpoint", add=_add_event_citation, add_visibilities=(PRIVATE, PUBLIC)
    ),
    "cases.testimony": Entry(
        _testimony,
        "context",
        add=lambda base, v: {
            "case": base.case.pk,
            "witness": base.witness.pk,
            "excerpt": "Matrix: yes.",
            "date": "2026-04-30",
            "date_precision": "day",
            "setting": "trial",
            "citations-0-source": base.source.pk,
        },
        api_create=lambda base: {
            "case": base.case.slug,
            "witness": base.witness.slug,
            "date": "2026",
            "excerpt": "Matrix: yes.",
            "citations": [{"source": base.source.pk, "wording": ""}],
        },
        api_put=lambda o: {
            "case": o.case.slug,
            "witness": o.witness.slug,
            "date": o.date.isoformat(),
            "excerpt": o.excerpt,
            "context": "Put",
        },
    ),
    "cases.testimonycitation": Entry(
        _testimony_citation,
        "wording",
        add=_add_testimony_citation,
        add_visibilities=(PRIVATE, PUBLIC),
    ),
    "articles.outlet": Entry(
        _outlet,
        "name",
        add=lambda base, v: {"name": "Matrix Times", "domain": "matrix.example"},
    ),
    "articles.source": Entry(
        _source,
        "title",
        add=lambda base, v: {"url": "https://matrix.example/new", "title": "Matrix article"},
        api_create=lambda base: {"url": "https://matrix.example/new", "title": "Matrix article"},
        api_put=lambda o: {"url": o.url, "title": "Put"},
    ),
    "articles.casesuggestion": Entry(_case_suggestion, None),
    "articles.testimonycandidate": Entry(_testimony_candidate, None),
}
