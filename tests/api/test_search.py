"""GET /api/v1/search/: the site's full-text search, as JSON."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_search_finds_published_entries_of_every_kind_with_api_and_web_links(anon, world):
    response = anon.get("/api/v1/search/", {"q": "Musk"})
    assert response.status_code == 200, response.content
    body = response.json()
    kinds = {hit["kind"] for hit in body["results"]}
    assert "case" in kinds
    case_hit = next(hit for hit in body["results"] if hit["kind"] == "case")
    assert case_hit["api_url"] == "http://testserver/api/v1/cases/musk-v-openai/"
    assert case_hit["web_url"] == "http://testserver/cases/musk-v-openai/"
    assert body["count"] == len(body["results"])
    assert anon.get(case_hit["api_url"]).status_code == 200


def test_search_never_returns_drafts(anon, world):
    body = anon.get("/api/v1/search/", {"q": "Secret"}).json()
    assert body["count"] == 0
    body = anon.get("/api/v1/search/", {"q": "Draft event"}).json()
    assert all(hit["id"] != world.draft_event.pk for hit in body["results"])


def test_search_filters_by_kind_and_pages(anon, world):
    for number in range(3):
        EventFactory(case=world.case, cite=world.source, title=f"Jury day {number}")
    first = anon.get("/api/v1/search/", {"q": "Jury", "kind": "event", "page_size": 2}).json()
    assert first["count"] == 3
    assert [hit["kind"] for hit in first["results"]] == ["event", "event"]
    second = anon.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert second["previous"]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "x" * 500}, "q"),
        ({"q": "Musk", "kind": "verdict"}, "kind"),
        ({"q": "Musk", "page": "0"}, "page"),
        ({"q": "Musk", "page_size": "many"}, "page_size"),
        ({"q": "Musk", "sort": "date"}, "sort"),
        ({"q": "Musk\x00"}, "q"),
    ],
)
def test_bad_search_parameters_are_400s_that_name_them(anon, world, params, name):
    response = anon.get("/api/v1/search/", params)
    assert response.status_code == 400
    assert name in response.json()


def test_the_page_size_of_search_is_capped(anon, world):
    from cases.search.query import MAX_LIMIT

    response = anon.get("/api/v1/search/", {"q": "Musk", "page_size": 10_000})
    assert response.status_code == 200
    assert len(response.json()["results"]) <= MAX_LIMIT


def test_search_runs_the_same_number_of_queries_whatever_the_number_of_hits(anon, world):
    def queries_for_search():
        with CaptureQueriesContext(connection) as queries:
            response = anon.get("/api/v1/search/", {"q": "Musk", "page_size": 100})
        assert response.status_code == 200
        return len(queries), response.json()["count"]

    EventFactory(case=world.case, cite=world.source, title="Musk hearing")
    few, few_hits = queries_for_search()
    for number in range(15):
        EventFactory(case=world.case, cite=world.source, title=f"Musk hearing {number}")
    many, many_hits = queries_for_search()
    assert many_hits == few_hits + 15
    # Counts per kind, the ranked page, one query per kind on the page (+ sources' cases).
    assert few == many <= 7


def test_search_says_when_its_count_is_a_lower_bound(anon, world, monkeypatch):
    from cases.search import query as site_search

    monkeypatch.setattr(site_search, "COUNT_LIMIT", 2)
    for number in range(3):
        EventFactory(case=world.case, cite=world.source, title=f"Otter hearing {number}")
    capped = anon.get("/api/v1/search/", {"q": "otter"}).json()
    assert (capped["count"], capped["count_exact"], capped["counts"]["event"]) == (2, False, 2)
    exact = anon.get("/api/v1/search/", {"q": "otter", "kind": "source"}).json()
    assert (exact["count"], exact["count_exact"]) == (0, True)
