"""Real answers of the API validated against the published OpenAPI schema by an independent
validator (openapi-core): lists, details, sparse fields, timelines (JSON and TimelineJS),
search, the root, and errors. A client generated from the schema then reads them as typed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec(anon) -> OpenAPI:
    schema = anon.get(reverse("api:schema"), {"format": "json"}).json()
    return OpenAPI.from_dict(schema)


def check(spec: OpenAPI, response, status: int = 200) -> None:
    assert response.status_code == status, response.content[:500]
    spec.validate_response(
        DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
    )


COLLECTIONS = ["cases", "parties", "events", "testimony", "sources", "topics", "courts"]


@pytest.mark.parametrize("name", COLLECTIONS)
def test_lists_and_details_match_the_schema(anon, world, spec, name):
    listing = anon.get(f"/api/v1/{name}/")
    check(spec, listing)
    first = listing.json()["results"][0]
    detail = anon.get(first["api_url"].replace("http://testserver", ""))
    check(spec, detail)


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("cases", "slug,short_title"),
        ("events", "title"),
        ("testimony", "witness,citations"),
        ("sources", "url"),
        ("parties", "name"),
    ],
)
def test_sparse_answers_match_the_schema(anon, world, spec, name, fields):
    listing = anon.get(f"/api/v1/{name}/", {"fields": fields})
    check(spec, listing)
    assert set(listing.json()["results"][0]) <= {*fields.split(","), "id"}


def test_timelines_match_the_schema_in_both_formats(anon, world, spec):
    url = f"/api/v1/cases/{world.case.slug}/timeline/"
    check(spec, anon.get(url))
    check(spec, anon.get(url, {"page_size": 1}))
    check(spec, anon.get(url, {"format": "timelinejs"}))


def test_search_root_and_errors_match_the_schema(anon, world, spec):
    check(spec, anon.get("/api/v1/"))
    check(spec, anon.get("/api/v1/search/", {"q": "Musk"}))
    check(spec, anon.get("/api/v1/events/", {"kind": "nonsense"}), 400)
    check(spec, anon.get("/api/v1/cases/no-such-case/"), 404)
    check(spec, anon.get("/api/v1/cases/no-such-case/timeline/"), 404)


def test_components_describe_themselves_to_clients_not_the_code(anon):
    schema = anon.get(reverse("api:schema"), {"format": "json"}).json()
    components = schema["components"]["schemas"]
    for name, component in components.items():
        description = component.get("description", "")
        assert "serializer" not in description.lower(), name
    assert components["Case"]["description"].startswith("A court case, as the API returns it.")
    assert "PATCH" in components["PatchedEventWrite"]["description"]
    assert "citations" in components["TestimonyWrite"]["description"]
    # ?fields= can leave any output field out, so none is promised
    assert "required" not in components["Event"]
