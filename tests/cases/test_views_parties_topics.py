"""Party and topic pages: roles, testimony, cross-case timelines, drafts, query counts."""

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import CaseRole
from core.publishing import PublicationState
from tests.factories import (
    CaseFactory,
    CaseRoleFactory,
    EventFactory,
    PartyFactory,
    TestimonyFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db
DRAFT = PublicationState.DRAFT


@pytest.fixture
def musk():
    return PartyFactory(name="Elon Musk", slug="elon-musk", description="CEO of xAI")


def test_a_party_page_lists_roles_testimony_and_timeline(client, musk):
    case = CaseFactory(short_title="Musk v. OpenAI")
    CaseRoleFactory(case=case, party=musk, role=CaseRole.Role.PLAINTIFF)
    other = CaseFactory(short_title="X Corp. v. Apple")
    CaseRoleFactory(case=other, party=musk, role=CaseRole.Role.WITNESS)
    TestimonyFactory(case=case, witness=musk, excerpt="Partly.")
    EventFactory(case=other, title="Motions to dismiss denied")
    response = client.get(reverse("cases:party-detail", kwargs={"slug": "elon-musk"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Elon Musk</h1>" in html and "CEO of xAI" in html
    roles = [
        (item.case.short_title, [r.get_role_display() for r in item.roles])
        for item in response.context["roles"]
    ]
    assert roles == [("Musk v. OpenAI", ["Plaintiff"]), ("X Corp. v. Apple", ["Witness"])]
    assert [e.text for e in response.context["testimony"]] == ["Partly."]
    kinds = {e.kind for e in response.context["timeline"].entries}
    assert kinds == {"event", "testimony"}
    assert "Motions to dismiss denied" in html


def test_two_roles_in_one_case_share_a_row(client, musk):
    case = CaseFactory()
    CaseRoleFactory(case=case, party=musk, role=CaseRole.Role.DEFENDANT)
    CaseRoleFactory(case=case, party=musk, role=CaseRole.Role.COUNTER_CLAIMANT)
    (item,) = client.get("/parties/elon-musk/").context["roles"]
    assert [r.get_role_display() for r in item.roles] == ["Counter-claimant", "Defendant"]


def test_a_party_page_hides_draft_cases_and_their_testimony(client, musk):
    draft_case = CaseFactory(short_title="DRAFT case", state=DRAFT)
    CaseRoleFactory(case=draft_case, party=musk)
    public = CaseFactory()
    CaseRoleFactory(case=public, party=musk)
    TestimonyFactory(case=public, witness=musk, excerpt="DRAFT words", state=DRAFT)
    html = client.get(reverse("cases:party-detail", kwargs={"slug": "elon-musk"})).content.decode()
    assert "DRAFT" not in html


def test_a_party_only_in_drafts_is_a_404(client, musk):
    CaseRoleFactory(case=CaseFactory(state=DRAFT), party=musk)
    assert (
        client.get(reverse("cases:party-detail", kwargs={"slug": "elon-musk"})).status_code == 404
    )
    assert client.get("/parties/nobody/").status_code == 404


def test_a_party_page_rejects_a_kind_it_does_not_have(client, musk):
    CaseRoleFactory(case=CaseFactory(), party=musk)
    response = client.get("/parties/elon-musk/", {"kind": "source"})
    assert response.status_code == 400


@pytest.mark.parametrize("size", [1, 25])
def test_a_party_page_runs_ten_queries_whatever_the_size(
    client, musk, size, django_assert_num_queries
):
    for index in range(size):
        case = CaseFactory()
        CaseRoleFactory(case=case, party=musk)
        EventFactory(case=case, date=dt.date(2024, 1, 1) + dt.timedelta(days=index))
        TestimonyFactory(
            case=case, witness=musk, date=dt.date(2024, 2, 1) + dt.timedelta(days=index)
        )
    with django_assert_num_queries(10):
        assert client.get("/parties/elon-musk/").status_code == 200


def test_a_topic_page_shows_its_cases_and_cross_case_timeline(client):
    topic = TopicFactory(name="Model distillation", slug="model-distillation")
    first, second = (
        CaseFactory(short_title="Musk v. OpenAI"),
        CaseFactory(short_title="xAI v. OpenAI"),
    )
    hidden = CaseFactory(short_title="DRAFT v. Hidden", state=DRAFT)
    for case in (first, second, hidden):
        case.topics.add(topic)
    TestimonyFactory(case=first, excerpt="Partly.").topics.add(topic)
    EventFactory(case=second, title="Trade secrets claim filed").topics.add(topic)
    EventFactory(case=hidden, title="DRAFT hidden event").topics.add(topic)
    response = client.get(reverse("cases:topic-detail", kwargs={"slug": "model-distillation"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert [c.short_title for c in response.context["cases"]] == ["Musk v. OpenAI", "xAI v. OpenAI"]
    assert "Partly." in html and "Trade secrets claim filed" in html
    assert "DRAFT" not in html
    assert 'class="entry__case" href="/cases/' in html  # cross-case entries name their case


def test_an_unknown_topic_is_a_404(client):
    assert client.get("/topics/nothing/").status_code == 404


@pytest.mark.parametrize("size", [1, 25])
def test_a_topic_page_runs_eight_queries_whatever_the_size(client, size, django_assert_num_queries):
    topic = TopicFactory(slug="t")
    for index in range(size):
        case = CaseFactory()
        case.topics.add(topic)
        EventFactory(case=case, date=dt.date(2024, 1, 1) + dt.timedelta(days=index)).topics.add(
            topic
        )
        TestimonyFactory(case=case).topics.add(topic)
    with django_assert_num_queries(8):
        assert client.get("/topics/t/").status_code == 200
