"""GET /api/v1/cases/<slug>/timeline/?order=newest: newest first, keyset pages both ways; and an
MDL's API timeline rolls up its member cases' entries, as its page does."""

import datetime as dt

import pytest

from tests.factories import CaseFactory, EventFactory, TestimonyFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/cases/musk-v-openai/timeline/"


def _get(client, url, params=None) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def _ids(body: dict) -> list[tuple[str, int]]:
    return [(entry["kind"], entry["id"]) for entry in body["results"]]


@pytest.fixture
def busy(world):
    for n in range(9):
        EventFactory(case=world.case, cite=world.source, date=dt.date(2025, 5, 1 + n))
    return world


def test_newest_first_pages_hold_every_entry_once_newest_first_and_page_back(anon, busy):
    everything = _ids(_get(anon, URL, {"page_size": 500}))
    pages, url, params = [], URL, {"order": "newest", "page_size": 4}
    while url:
        body = _get(anon, url, params)
        pages.append(body)
        url, params = body["next"], None
    seen = [item for page in pages for item in _ids(page)]
    assert seen == everything[::-1]  # nothing lost, nothing repeated, newest first
    assert len(pages) > 2 and pages[0]["previous"] is None and pages[-1]["next"] is None
    # Going back from the last page gives the pages before it, in the same order.
    back = _get(anon, pages[-1]["previous"])
    assert _ids(back) == _ids(pages[-2])
    assert "order=newest" in back["next"]


def test_newest_first_from_a_month_opens_on_that_months_entries(anon, busy):
    body = _get(anon, URL, {"order": "newest", "from": "2025-05", "page_size": 3})
    dates = [entry["date"] for entry in body["results"]]
    assert dates == ["2025-05-09", "2025-05-08", "2025-05-07"]


def test_oldest_first_stays_the_default(anon, busy):
    assert _ids(_get(anon, URL, {"order": "oldest"})) == _ids(_get(anon, URL))


@pytest.mark.parametrize("order", ["latest", "NEWEST", "desc"])
def test_an_unknown_order_is_a_400_naming_the_choices(anon, world, order):
    response = anon.get(URL, {"order": order})
    assert response.status_code == 400
    message = response.json()["order"][0]
    assert "oldest" in message and "newest" in message


def test_order_does_not_apply_to_the_timelinejs_file(anon, world):
    response = anon.get(URL, {"format": "timelinejs", "order": "newest"})
    assert response.status_code == 400
    assert "order" in response.json()


def test_the_schema_documents_the_order_choices(anon):
    schema = _get(anon, "/api/v1/schema/", {"format": "json"})
    operation = schema["paths"]["/api/v1/cases/{slug}/timeline/"]["get"]
    (order,) = [p for p in operation["parameters"] if p["name"] == "order"]
    assert sorted(order["schema"]["enum"]) == ["newest", "oldest"]
    assert "newest entries first" in order["description"]


def test_an_mdl_api_timeline_includes_its_members_entries_each_naming_its_case(anon, world):
    member = CaseFactory(slug="authors-guild", consolidated_into=world.case)
    event = EventFactory(case=member, title="Complaint filed", cite=world.source)
    statement = TestimonyFactory(case=member, witness=world.witness, cite=world.source)
    results = _get(anon, URL, {"page_size": 500})["results"]
    by_id = {(entry["kind"], entry["id"]): entry for entry in results}
    assert by_id[("event", event.pk)]["case"] == "authors-guild"
    assert by_id[("testimony", statement.pk)]["case"] == "authors-guild"
    # The member's own timeline stays its own.
    own = _get(anon, "/api/v1/cases/authors-guild/timeline/", {"page_size": 500})["results"]
    assert {entry["case"] for entry in own} == {"authors-guild"}
