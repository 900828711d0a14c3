"""The API says when a source's publication date is unknown: in the source resource, in the
case timeline (where the source stands at the day first seen), and in the schema."""

import datetime as dt

import pytest
from django.urls import reverse

from articles.models import Source
from tests.factories import CaseFactory, SourceFactory

pytestmark = pytest.mark.django_db
FIRST_SEEN = dt.datetime(2023, 3, 15, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def undated():
    case = CaseFactory(slug="getty")
    source = SourceFactory(published_at=None, title="Undated")
    source.cases.add(case)
    Source.objects.filter(pk=source.pk).update(created_at=FIRST_SEEN)
    dated = SourceFactory(published_at=dt.datetime(2023, 2, 3, 9, tzinfo=dt.UTC), title="Dated")
    dated.cases.add(case)
    return source


def test_the_source_resource_says_the_publication_date_is_unknown_and_when_first_seen(
    anon, undated
):
    body = anon.get(f"/api/v1/sources/{undated.pk}/").json()

    assert body["published_at"] is None
    assert body["publication_date_known"] is False
    assert body["first_seen_at"].startswith("2023-03-15T15:00")


def test_the_timeline_places_an_undated_source_at_the_day_first_seen_and_flags_it(anon, undated):
    body = anon.get("/api/v1/cases/getty/timeline/", {"kind": "source"}).json()

    assert [(e["title"], e["date"]) for e in body["results"]] == [
        ("Dated", "2023-02-03"),
        ("Undated", "2023-03-15"),
    ]
    known = [e["details"]["publication_date_known"] for e in body["results"]]
    assert known == [True, False]
    assert body["results"][1]["details"]["published_at"] is None


def test_the_schema_documents_the_unknown_publication_date(anon):
    schema = anon.get(reverse("api:schema"), {"format": "json"}).json()["components"]["schemas"]
    source = schema["Source"]["properties"]
    details = schema["TimelineEntry"]["properties"]["details"]["description"]

    assert source["publication_date_known"]["type"] == "boolean"
    assert "first_seen_at" in source["publication_date_known"]["description"]
    assert source["first_seen_at"]["format"] == "date-time"
    assert "first seen" in source["first_seen_at"]["description"]
    assert "publication_date_known" in details
