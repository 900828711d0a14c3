"""/cases/: every published case, filtered with CaseFilter, sorted, counted, paginated."""

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import Case, CaseRole
from core.publishing import PublicationState
from tests.factories import (
    CaseFactory,
    CaseRoleFactory,
    CourtFactory,
    EventFactory,
    PartyFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db
URL = "/cases/"


def _titles(response) -> list[str]:
    return [case.short_title for case in response.context["page"].object_list]


@pytest.fixture
def cases():
    ndcal, sdny = CourtFactory(slug="nd-cal", short_name="N.D. Cal."), CourtFactory(slug="sdny")
    openai = PartyFactory(name="OpenAI", slug="openai")
    distillation = TopicFactory(name="Model distillation", slug="model-distillation")
    musk = CaseFactory(
        short_title="Musk v. OpenAI",
        court=ndcal,
        status=Case.Status.ON_APPEAL,
        filed_on=dt.date(2024, 8, 5),
        docket_number="4:24-cv-04722-YGR",
    )
    musk.topics.add(distillation)
    CaseRoleFactory(case=musk, party=openai, role=CaseRole.Role.DEFENDANT)
    nyt = CaseFactory(
        short_title="NYT v. Microsoft",
        court=sdny,
        status=Case.Status.PENDING,
        filed_on=dt.date(2023, 12, 27),
    )
    CaseRoleFactory(case=nyt, party=openai, role=CaseRole.Role.DEFENDANT)
    bartz = CaseFactory(
        short_title="Bartz v. Anthropic",
        court=ndcal,
        status=Case.Status.SETTLED,
        filed_on=dt.date(2024, 8, 19),
    )
    EventFactory(case=nyt, date=dt.date(2025, 11, 7))
    EventFactory(case=bartz, date=dt.date(2025, 9, 5))
    CaseFactory(short_title="Draft v. Secret", court=ndcal, state=PublicationState.DRAFT)
    return {"musk": musk, "nyt": nyt, "bartz": bartz}


def test_the_list_shows_published_cases_by_latest_activity_with_a_count(client, cases):
    response = client.get(URL)
    assert response.status_code == 200
    assert _titles(response) == ["NYT v. Microsoft", "Bartz v. Anthropic", "Musk v. OpenAI"]
    html = response.content.decode()
    assert "3 published cases" in html and "Draft v. Secret" not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "settled"}, ["Bartz v. Anthropic"]),
        ({"court": "nd-cal"}, ["Bartz v. Anthropic", "Musk v. OpenAI"]),
        ({"topic": "model-distillation"}, ["Musk v. OpenAI"]),
        ({"party": "openai"}, ["NYT v. Microsoft", "Musk v. OpenAI"]),
        ({"year": "2024"}, ["Bartz v. Anthropic", "Musk v. OpenAI"]),
        ({"q": "04722"}, ["Musk v. OpenAI"]),
        ({"q": "anthropic"}, ["Bartz v. Anthropic"]),
        ({"sort": "filed"}, ["Bartz v. Anthropic", "Musk v. OpenAI", "NYT v. Microsoft"]),
        ({"sort": "filed_asc"}, ["NYT v. Microsoft", "Musk v. OpenAI", "Bartz v. Anthropic"]),
        ({"sort": "title"}, ["Bartz v. Anthropic", "Musk v. OpenAI", "NYT v. Microsoft"]),
    ],
)
def test_filters_and_sorts(client, cases, params, expected):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert _titles(response) == expected
    assert f"{len(expected)} case" in response.content.decode()


def test_latest_activity_is_shown_at_the_precision_of_the_latest_entry(client):
    case = CaseFactory(filed_on=dt.date(2023, 1, 5))
    EventFactory(case=case, date=dt.date(2024, 6, 1), date_precision="month")
    EventFactory(case=case, date=dt.date(2024, 5, 20))
    html = client.get(URL).content.decode()
    assert '<time datetime="2024-06">June 2024</time>' in html
    assert "1 June 2024" not in html


def test_the_status_choices_show_counts_of_published_cases(client, cases):
    html = client.get(URL).content.decode()
    assert "Pending (1)" in html and "Settled (1)" in html and "Filed (" not in html


def test_filter_choices_never_name_what_only_drafts_have(client, cases):
    draft = CaseFactory(
        court=CourtFactory(slug="secret-court", short_name="Secret Ct."),
        state=PublicationState.DRAFT,
    )
    draft.topics.add(TopicFactory(name="Secret topic"))
    CaseRoleFactory(case=draft, party=PartyFactory(name="Secret party"))
    html = client.get(URL).content.decode()
    assert "Secret" not in html
    assert client.get(URL, {"court": "secret-court"}).status_code == 400


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "20245"},
        {"year": "2024.5"},  # not silently read as 2024
        {"year": "2024e0"},
        {"status": "winning"},
        {"court": "nowhere"},
        {"sort": "x"},
    ],
)
def test_bad_filters_get_a_400_with_the_reason(client, cases, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert "Some filters could not be used" in response.content.decode()


def test_pages_of_cases_and_a_missing_page(client):
    for index in range(30):
        CaseFactory(short_title=f"Case {index:02d}")
    first = client.get(URL, {"sort": "title"})
    assert len(first.context["page"].object_list) == 25
    assert 'href="?sort=title&amp;page=2"' in first.content.decode()
    assert len(client.get(URL, {"sort": "title", "page": 2}).context["page"].object_list) == 5
    assert client.get(URL, {"page": 9}).status_code == 404
    assert client.get(URL, {"page": "x"}).status_code == 404


@pytest.mark.parametrize("size", [2, 30])
def test_the_list_runs_nine_queries_whatever_the_size(client, size, django_assert_num_queries):
    topic, party = TopicFactory(), PartyFactory()
    for _ in range(size):
        case = CaseFactory()
        case.topics.add(topic)
        CaseRoleFactory(case=case, party=party)
        EventFactory(case=case)
    # Status counts, five filter choices (court, topic, party, claim, area), the count, the
    # page and its claims.
    with django_assert_num_queries(9):
        assert client.get(URL).status_code == 200
    with django_assert_num_queries(10):  # a court filter looks its court up
        assert client.get(URL, {"court": case.court.slug}).status_code == 200


def test_the_list_is_the_case_list_url():
    assert reverse("cases:case-list") == URL
