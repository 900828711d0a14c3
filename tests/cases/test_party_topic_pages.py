"""Party and topic pages show each entry once: no testimony both in a list and on the timeline,
no row repeated by a join (two roles in one case, two topics on one statement)."""

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import CaseRole
from cases.timeline.builder import build_timeline
from cases.timeline.scopes import party_scope, topic_scope
from tests.factories import (
    CaseFactory,
    CaseRoleFactory,
    EventFactory,
    PartyFactory,
    TestimonyFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def test_the_party_page_shows_each_testimony_once_and_links_to_it_on_the_timeline(client):
    musk = PartyFactory(name="Elon Musk", slug="elon-musk")
    case = CaseFactory(short_title="Musk v. OpenAI")
    CaseRoleFactory(case=case, party=musk, role=CaseRole.Role.PLAINTIFF)
    TestimonyFactory(case=case, witness=musk, excerpt="Partly, yes.", date=dt.date(2026, 4, 30))
    html = client.get(reverse("cases:party-detail", kwargs={"slug": "elon-musk"})).content.decode()
    assert html.count("Partly, yes.") == 1
    assert 'href="?kind=testimony#entries"' in html
    assert "most recently on <time" in html


def test_a_party_with_two_roles_in_one_case_sees_its_events_once():
    party = PartyFactory()
    case = CaseFactory()
    CaseRoleFactory(case=case, party=party, role=CaseRole.Role.DEFENDANT)
    CaseRoleFactory(case=case, party=party, role=CaseRole.Role.COUNTER_CLAIMANT)
    EventFactory(case=case, title="Hearing")
    titles = [e.title for e in build_timeline(party_scope(party)).entries]
    assert titles == ["Hearing"]


def test_a_statement_or_event_with_two_topics_shows_once_on_each_topic(client):
    distillation, fair_use = TopicFactory(slug="distillation"), TopicFactory(slug="fair-use")
    testimony = TestimonyFactory(excerpt="We distilled nothing.")
    event = EventFactory(title="Ruling on distillation")
    for entry in (testimony, event):
        entry.topics.add(distillation, fair_use)
    for topic in (distillation, fair_use):
        entries = build_timeline(topic_scope(topic)).entries
        assert sorted(e.kind for e in entries) == ["event", "testimony"]
    html = client.get(reverse("cases:topic-detail", kwargs={"slug": "distillation"}))
    assert html.content.decode().count("We distilled nothing.") == 1
