"""A cursor the API did not write is a 400 naming `cursor`, never a silent first page."""

import base64

import pytest

pytestmark = pytest.mark.django_db


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
