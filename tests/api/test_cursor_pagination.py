"""Cursor pages: following `next` visits every entry the reader may see once, in the asked
order, through entries sharing a date; a cursor the API did not write is a 400 naming `cursor`,
never a silent first page."""

import base64
import datetime as dt

import pytest

from cases.models import EventCitation
from core.dates import Precision
from tests.factories import EventFactory, SourceFactory, TestimonyFactory, TopicFactory

pytestmark = pytest.mark.django_db

ORDERINGS = ["", "date", "-date", "updated_at", "-updated_at", "id", "-id"]


def walk(client, url: str) -> list[list[dict]]:
    """The pages, following `next` links."""
    pages, next_url = [], url
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, response.content
        pages.append(response.json()["results"])
        next_url = response.json()["next"]
    return pages


def crowd(world) -> None:
    """Entries sharing dates (ties the cursor must break), at several precisions, with topics
    and citations of published and draft sources."""
    topic = TopicFactory()
    for number in range(7):
        event = EventFactory(
            case=world.case,
            cite=world.source,
            title=f"Crowd {number}",
            date=dt.date(2024, 5 + number % 3, 1),
            date_precision=[Precision.DAY, Precision.MONTH][number % 2],
        )
        event.topics.add(topic)
        EventCitation.objects.create(
            event=event, source=world.draft_source, pinpoint=f"p. {number}"
        )
        TestimonyFactory(case=world.case, witness=world.witness, cite=SourceFactory())


@pytest.mark.parametrize("collection", ["events", "testimony"])
@pytest.mark.parametrize("ordering", ORDERINGS)
def test_following_next_links_visits_every_entry_once_in_order(
    anon, curator_api, world, collection, ordering
):
    crowd(world)
    url = f"/api/v1/{collection}/?" + (f"ordering={ordering}&" if ordering else "")
    for client in (anon, curator_api):
        whole = client.get(url + "page_size=500").json()
        pages = walk(client, url + "page_size=3")
        assert len(pages) > 2
        assert [row for page in pages for row in page] == whole["results"]


def test_a_curator_sees_drafts_and_draft_citations_and_an_anonymous_reader_never(
    anon, curator_api, world
):
    crowd(world)
    curator_body = curator_api.get("/api/v1/events/?page_size=200").content.decode()
    assert world.draft_event.title in curator_body
    assert f'"source":{world.draft_source.pk},' in curator_body
    anon_body = anon.get("/api/v1/events/?page_size=200").content.decode()
    assert world.draft_event.title not in anon_body
    assert f'"source":{world.draft_source.pk},' not in anon_body


def test_sparse_fields_and_filters_return_only_what_they_ask_for(anon, world):
    crowd(world)
    rows = anon.get("/api/v1/events/?fields=id,title").json()["results"]
    assert rows and all(set(row) == {"id", "title"} for row in rows)
    full = anon.get("/api/v1/events/").json()["results"]
    assert set(full[0]) > {"id", "title", "citations", "topics"}
    narrowed = anon.get(f"/api/v1/events/?case={world.case.slug}").json()["results"]
    assert narrowed and len(narrowed) <= len(full)


@pytest.mark.parametrize(
    "cursor",
    [
        "!!!",
        "",
        "%20",
        "cD0",  # base64 with its padding cut off
        "é",
        base64.b64encode(b"").decode(),
        base64.b64encode(b"x=1").decode(),  # no key a cursor has
        base64.b64encode(b"o=1&evil=2").decode(),
    ],
)
@pytest.mark.parametrize("collection", ["events", "testimony", "sources"])
def test_a_garbage_cursor_is_a_400_naming_it(anon, world, collection, cursor):
    response = anon.get(f"/api/v1/{collection}/", {"cursor": cursor})
    assert response.status_code == 400, response.content
    assert response.json() == {"cursor": ["Invalid cursor: use the `next` or `previous` link."]}


def test_the_links_the_api_writes_still_work_both_ways(anon, world):
    first = anon.get("/api/v1/events/", {"page_size": 1}).json()
    second = anon.get(first["next"])
    assert second.status_code == 200
    back = anon.get(second.json()["previous"])
    assert back.status_code == 200
    assert back.json()["results"] == first["results"]
