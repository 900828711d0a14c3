"""Filters, search and ordering on every collection, and the 400s for what cannot be read."""

import datetime as dt

import pytest

from core.dates import Precision
from tests.factories import (
    CaseRoleFactory,
    EventFactory,
    PartyFactory,
    TestimonyFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def ids(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def slugs(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_events_filter_by_case_party_topic_kind_importance_court_and_source(anon, world):
    every = {world.event.pk, world.month_event.pk}
    assert set(ids(anon, "/api/v1/events/?case=musk-v-openai")) == every
    assert ids(anon, "/api/v1/events/?case=secret-case") == []
    assert set(ids(anon, "/api/v1/events/?party=elon-musk")) == every
    assert ids(anon, "/api/v1/events/?topic=distillation") == [world.event.pk]
    assert ids(anon, "/api/v1/events/?kind=hearing&importance=major") == [world.event.pk]
    assert set(ids(anon, "/api/v1/events/?kind=hearing&kind=other")) == every
    assert set(ids(anon, "/api/v1/events/?court=cand")) == every
    assert set(ids(anon, f"/api/v1/events/?source={world.source.pk}")) == every


def test_date_ranges_accept_partial_dates_and_include_the_whole_period(anon, world):
    assert ids(anon, "/api/v1/events/?date_before=2024") == [world.month_event.pk]
    assert ids(anon, "/api/v1/events/?date_after=2024-12") == [world.event.pk]
    assert ids(anon, "/api/v1/events/?date_after=2024-11&date_before=2024-11") == [
        world.month_event.pk
    ]
    assert ids(anon, "/api/v1/testimony/?date_after=2026-04-30") == [world.testimony.pk]
    assert slugs(anon, "/api/v1/cases/?date_after=2024-08-05") == ["musk-v-openai"]
    assert slugs(anon, "/api/v1/cases/?date_before=2024-08-04") == []


def test_testimony_filters_by_witness_party_setting_and_verbatim(anon, world):
    paraphrase = TestimonyFactory(case=world.case, cite=world.source, is_verbatim=False)
    assert ids(anon, "/api/v1/testimony/?witness=elon-musk") == [world.testimony.pk]
    assert ids(anon, "/api/v1/testimony/?party=toberoff") == [world.testimony.pk]
    assert ids(anon, "/api/v1/testimony/?verbatim=false") == [paraphrase.pk]
    assert ids(anon, "/api/v1/testimony/?verbatim=true") == [world.testimony.pk]
    assert len(ids(anon, "/api/v1/testimony/?setting=trial")) == 2
    assert ids(anon, "/api/v1/testimony/?setting=deposition") == []


def test_cases_parties_sources_topics_and_courts_filter_too(anon, world):
    assert slugs(anon, "/api/v1/cases/?status=pending&court=cand&topic=distillation") == [
        "musk-v-openai"
    ]
    assert slugs(anon, "/api/v1/cases/?party=elon-musk") == ["musk-v-openai"]
    assert slugs(anon, "/api/v1/parties/?case=musk-v-openai") == ["elon-musk"]
    # The witness's role in a draft case does not leak through the filter.
    assert slugs(anon, "/api/v1/parties/?case=secret-case") == []
    assert slugs(anon, "/api/v1/parties/?role=defendant") == []
    assert ids(anon, "/api/v1/sources/?case=musk-v-openai&outlet=nytimes.com") == [world.source.pk]
    assert ids(anon, "/api/v1/sources/?topic=distillation") == [world.source.pk]
    assert slugs(anon, "/api/v1/topics/?case=musk-v-openai") == ["distillation"]
    assert slugs(anon, "/api/v1/courts/?search=California") == ["cand"]


def test_draft_cases_and_entries_never_show_through_topic_and_source_filters(
    anon, curator_api, world
):
    """Published topics and sources linked to a draft case (or tagged only through a draft
    event or testimony) must not be found by filtering on that case, party or topic."""
    world.draft_case.topics.add(world.topic)
    insider = PartyFactory(slug="insider", name="Only in the draft case")
    CaseRoleFactory(case=world.draft_case, party=insider, role="plaintiff")
    hidden_topic = TopicFactory(slug="hidden", name="Tagged on drafts only")
    world.draft_event.topics.add(hidden_topic)  # a draft event citing a draft source
    EventFactory(case=world.case, cite=world.source, state="draft").topics.add(hidden_topic)
    world.draft_testimony.topics.add(hidden_topic)
    world.event_of_draft_case.topics.add(hidden_topic)  # published, but of a draft case

    assert slugs(anon, "/api/v1/topics/?case=secret-case") == []
    assert ids(anon, "/api/v1/sources/?case=secret-case") == []
    assert ids(anon, "/api/v1/sources/?party=insider") == []
    assert ids(anon, "/api/v1/sources/?topic=hidden") == []
    # What is published still shows.
    assert slugs(anon, "/api/v1/topics/?case=musk-v-openai") == ["distillation"]
    assert ids(anon, "/api/v1/sources/?party=elon-musk") == [world.source.pk]
    # The newsroom sees the drafts through the same filters.
    assert slugs(curator_api, "/api/v1/topics/?case=secret-case") == ["distillation"]
    assert ids(curator_api, "/api/v1/sources/?case=secret-case") == [world.source.pk]
    assert ids(curator_api, "/api/v1/sources/?party=insider") == [world.source.pk]
    assert set(ids(curator_api, "/api/v1/sources/?topic=hidden")) == {
        world.source.pk,
        world.draft_source.pk,
    }


def test_search_and_ordering(anon, world):
    assert ids(anon, f"/api/v1/events/?search={world.event.title}") == [world.event.pk]
    assert ids(anon, "/api/v1/events/?ordering=-date") == [world.event.pk, world.month_event.pk]
    assert ids(anon, "/api/v1/events/?ordering=date") == [world.month_event.pk, world.event.pk]
    assert slugs(anon, "/api/v1/parties/?search=Musk") == ["elon-musk"]


def test_on_one_stored_date_the_vaguer_entry_comes_first(anon, world):
    day = EventFactory(case=world.case, cite=world.source, date=dt.date(2025, 1, 1))
    year = EventFactory(
        case=world.case, cite=world.source, date=dt.date(2025, 1, 1), date_precision=Precision.YEAR
    )
    month = EventFactory(
        case=world.case, cite=world.source, date=dt.date(2025, 1, 1), date_precision="month"
    )
    assert ids(anon, "/api/v1/events/?date_after=2025&date_before=2025") == [
        year.pk,
        month.pk,
        day.pk,
    ]


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/v1/events/?colour=red", "colour"),
        ("/api/v1/cases/?page=abc", "page"),
        ("/api/v1/cases/?page_size=-3", "page_size"),
        ("/api/v1/events/?cursor=not-a-cursor", "cursor"),
        ("/api/v1/events/?date_after=2026-02-31", "date_after"),
        ("/api/v1/events/?date_after=0001", "date_after"),
        ("/api/v1/events/?date_before=9999-12-31", "date_before"),
        ("/api/v1/events/?date_before=%2B202", "date_before"),
        ("/api/v1/events/?date_before=yesterday", "date_before"),
        ("/api/v1/events/?kind=picnic", "kind"),
        ("/api/v1/events/?source=1.5", "source"),
        ("/api/v1/events/?source=99999999999999999999999", "source"),
        ("/api/v1/testimony/?verbatim=maybe", "verbatim"),
        ("/api/v1/events/?ordering=title", "ordering"),
        ("/api/v1/events/?format=xml", "format"),
        ("/api/v1/cases/?state=secret", "state"),
        ("/api/v1/events/1/?search=x", "search"),
        ("/api/v1/?page=2", "page"),
    ],
)
def test_unknown_parameters_and_malformed_values_are_400s_that_name_them(anon, world, url, param):
    response = anon.get(url)
    assert response.status_code == 400, response.content
    assert param in response.json(), response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/cases/?ordering=--short_title",
        "/api/v1/events/?ordering=--date",
        "/api/v1/sources/?ordering=--created_at",
        "/api/v1/parties/?ordering=--name",
        "/api/v1/events/?ordering=date,--id",
    ],
)
def test_an_ordering_with_more_than_one_minus_is_a_400_naming_the_term(anon, world, url):
    response = anon.get(url)
    assert response.status_code == 400, response.content
    message = response.json()["ordering"][0]
    assert message.startswith(f"Cannot order by {url.split('=')[-1].split(',')[-1]}.")


def test_a_cursor_with_a_malformed_position_is_a_400_not_a_server_error(anon, world):
    import base64

    cursor = base64.b64encode(b"p=not-a-date").decode()
    response = anon.get(f"/api/v1/events/?cursor={cursor}")
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_detail_addresses_that_cannot_exist_are_404s(anon, world):
    assert anon.get("/api/v1/events/abc/").status_code == 404
    assert anon.get("/api/v1/events/99999999999999999999999/").status_code == 404
    assert anon.get("/api/v1/cases/no-such-case/").status_code == 404
