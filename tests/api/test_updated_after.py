"""?updated_after= on every collection: pollers fetch only what changed since their last sync."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

COLLECTIONS = ["cases", "parties", "events", "testimony", "sources", "topics", "courts"]
BASENAMES = {
    "cases": "case",
    "parties": "party",
    "events": "event",
    "testimony": "testimony",
    "sources": "source",
    "topics": "topic",
    "courts": "court",
}


def results(answer) -> list:
    data = answer.json()
    return data["results"] if isinstance(data, dict) else data


@pytest.mark.parametrize("name", COLLECTIONS)
def test_updated_after_keeps_only_rows_changed_since(anon, world, name):
    url = reverse(f"api:{BASENAMES[name]}-list")
    before = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    after = (timezone.now() + dt.timedelta(seconds=1)).isoformat()
    assert results(anon.get(url, {"updated_after": before}))
    assert results(anon.get(url, {"updated_after": after})) == []


@pytest.mark.parametrize("name", COLLECTIONS)
def test_a_malformed_updated_after_is_a_400(anon, world, name):
    answer = anon.get(reverse(f"api:{BASENAMES[name]}-list"), {"updated_after": "yesterday"})
    assert answer.status_code == 400
    assert "updated_after" in answer.json()


def test_an_event_changed_after_the_last_sync_is_returned_alone(anon, world, editor):
    from cases import services

    synced = timezone.now()
    world.event.title = "Corrected title"
    services.save(user=editor, obj=world.event)
    rows = results(anon.get(reverse("api:event-list"), {"updated_after": synced.isoformat()}))
    assert [row["id"] for row in rows] == [world.event.pk]
