"""Cursor-paginated lists read through compiled query shapes (cases.api_prepared) answer exactly
what the ORM's usual path answers, page after page, whoever asks first."""

import datetime as dt

import pytest

from cases import api_prepared
from cases.api_prepared import SHAPES
from cases.api_viewsets import ApiViewSet
from cases.dates import Precision
from cases.models import EventCitation
from tests.factories import EventFactory, SourceFactory, TestimonyFactory, TopicFactory

pytestmark = pytest.mark.django_db

ORDERINGS = ["", "date", "-date", "updated_at", "-updated_at", "id", "-id"]


@pytest.fixture(autouse=True)
def fresh_shapes():
    SHAPES.clear()
    yield
    SHAPES.clear()


def walk(client, url: str) -> list[bytes]:
    """Every page's body following `next` links, then back from the last page by `previous`."""
    bodies, next_url, last = [], url, None
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, response.content
        bodies.append(response.content)
        last = response.json()
        next_url = last["next"]
    previous = last["previous"]
    while previous:
        response = client.get(previous)
        bodies.append(response.content)
        previous = response.json()["previous"]
    return bodies


def crowd(world) -> None:
    """Entries sharing dates (ties the cursor offsets through), at several precisions, with
    topics and citations of published and draft sources."""
    topic = TopicFactory()
    draft_source = world.draft_source
    for number in range(7):
        event = EventFactory(
            case=world.case,
            cite=world.source,
            title=f"Crowd {number}",
            date=dt.date(2024, 5 + number % 3, 1),
            date_precision=[Precision.DAY, Precision.MONTH][number % 2],
        )
        event.topics.add(topic)
        EventCitation.objects.create(event=event, source=draft_source, pinpoint=f"p. {number}")
        TestimonyFactory(case=world.case, witness=world.witness, cite=SourceFactory())


@pytest.mark.parametrize("collection", ["events", "testimony"])
@pytest.mark.parametrize("ordering", ORDERINGS)
def test_every_page_matches_the_orm_path_byte_for_byte(
    anon, curator_api, world, monkeypatch, collection, ordering
):
    crowd(world)
    url = f"/api/v1/{collection}/?page_size=3" + (f"&ordering={ordering}" if ordering else "")
    shaped = {name: walk(client, url) for name, client in (("anon", anon), ("cur", curator_api))}
    assert len(SHAPES._items) > 0  # the shaped path ran
    monkeypatch.setattr(ApiViewSet, "list_shape", lambda self, reader: None)
    plain = {name: walk(client, url) for name, client in (("anon", anon), ("cur", curator_api))}
    assert shaped == plain
    assert len(shaped["anon"]) > 2


def test_a_shape_compiled_for_a_curator_never_shows_drafts_to_anonymous_readers(
    anon, curator_api, world
):
    crowd(world)
    curator_body = curator_api.get("/api/v1/events/?page_size=200").content.decode()
    assert world.draft_event.title in curator_body
    assert f'"source":{world.draft_source.pk},' in curator_body
    anon_body = anon.get("/api/v1/events/?page_size=200").content.decode()
    assert world.draft_event.title not in anon_body
    assert f'"source":{world.draft_source.pk},' not in anon_body


def test_sparse_fields_and_filters_read_only_what_they_ask_for(anon, world):
    crowd(world)
    rows = anon.get("/api/v1/events/?fields=id,title").json()["results"]
    assert rows and all(set(row) == {"id", "title"} for row in rows)
    full = anon.get("/api/v1/events/").json()["results"]
    assert set(full[0]) > {"id", "title", "citations", "topics"}
    # A filter goes through the ORM as usual and still narrows the list.
    narrowed = anon.get(f"/api/v1/events/?case={world.case.slug}").json()["results"]
    assert narrowed and len(narrowed) <= len(full)


def test_should_a_marker_not_come_through_compilation_the_page_is_read_as_usual(
    anon, world, monkeypatch
):
    crowd(world)
    url = "/api/v1/events/?page_size=2&ordering=-date"
    plain_pages = walk(anon, url)
    monkeypatch.setattr(api_prepared, "_all_markers_bound", lambda prepared, markers: False)
    assert walk(anon, url) == plain_pages
