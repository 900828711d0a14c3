"""Fixtures for the API tests: a small published/draft data set and a client per persona."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cases.models import Case, Event, Testimony
from core.dates import Precision
from core.publishing import PublicationState
from tests.factories import (
    CaseFactory,
    CaseRoleFactory,
    CourtFactory,
    EventFactory,
    OutletFactory,
    PartyFactory,
    SourceFactory,
    TestimonyFactory,
    TopicFactory,
)

DRAFT = PublicationState.DRAFT


@dataclass
class World:
    """Published entries a reader may see, and drafts nobody outside the newsroom may."""

    court: object
    topic: object
    case: Case
    draft_case: Case
    witness: object
    counsel: object
    source: object
    draft_source: object
    event: Event
    month_event: Event
    draft_event: Event
    event_of_draft_case: Event
    testimony: Testimony
    draft_testimony: Testimony


@pytest.fixture
def world(db) -> World:
    court = CourtFactory(slug="cand", name="N.D. California", short_name="N.D. Cal.")
    topic = TopicFactory(slug="distillation", name="Model distillation")
    case = CaseFactory(slug="musk-v-openai", short_title="Musk v. OpenAI", court=court)
    case.topics.add(topic)
    draft_case = CaseFactory(slug="secret-case", short_title="Secret v. Draft", state=DRAFT)
    witness = PartyFactory(slug="elon-musk", name="Elon Musk", aliases="Musk\nElon")
    counsel = PartyFactory(slug="toberoff", name="Marc Toberoff")
    CaseRoleFactory(case=case, party=witness, role="plaintiff")
    CaseRoleFactory(case=draft_case, party=witness, role="defendant")
    outlet = OutletFactory(domain="nytimes.com", name="The New York Times")
    source = SourceFactory(url="https://nytimes.com/musk-trial", outlet=outlet, title="Trial")
    source.cases.add(case, draft_case)
    draft_source = SourceFactory(url="https://example.org/draft", state=DRAFT, title="Draft")
    event = EventFactory(case=case, cite=source, kind=Event.Kind.HEARING, importance="major")
    event.topics.add(topic)
    month_event = EventFactory(
        case=case, cite=source, date=dt.date(2024, 11, 1), date_precision=Precision.MONTH
    )
    draft_event = EventFactory(case=case, cite=draft_source, state=DRAFT, title="Draft event")
    event_of_draft_case = EventFactory(case=draft_case, cite=source, title="Event of draft case")
    testimony = TestimonyFactory(
        case=case, witness=witness, examining_counsel=counsel, cite=source, is_verbatim=True
    )
    draft_testimony = TestimonyFactory(case=case, witness=witness, state=DRAFT, cite=source)
    return World(
        court=court,
        topic=topic,
        case=case,
        draft_case=draft_case,
        witness=witness,
        counsel=counsel,
        source=source,
        draft_source=draft_source,
        event=event,
        month_event=month_event,
        draft_event=draft_event,
        event_of_draft_case=event_of_draft_case,
        testimony=testimony,
        draft_testimony=draft_testimony,
    )


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def curator_api(curator) -> APIClient:
    return token_client(curator)


@pytest.fixture
def editor_api(editor) -> APIClient:
    return token_client(editor)


@pytest.fixture
def stranger_api(stranger) -> APIClient:
    return token_client(stranger)


@pytest.fixture
def personas(anon, curator_api, editor_api, stranger_api) -> dict[str, APIClient]:
    return {
        "anonymous": anon,
        "curator": curator_api,
        "editor": editor_api,
        "stranger": stranger_api,
    }
