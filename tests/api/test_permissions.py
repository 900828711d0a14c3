"""The permission matrix: anonymous, stranger (a token without permissions), curator and editor
× every endpoint × every method."""

import pytest

from core.publishing import PublicationState
from tests.factories import (
    CaseFactory,
    CourtFactory,
    EventFactory,
    PartyFactory,
    SourceFactory,
    TestimonyFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT


def create_payload(name, world, tag="new", slug=None):
    """A valid body for creating (or, with the target's slug, replacing) an entry."""
    slug = slug or f"{tag}-{name}"
    return {
        "cases": {"short_title": f"{tag} v. Case", "slug": slug, "court": "cand"},
        "parties": {"name": f"{tag} Person", "slug": slug, "kind": "person"},
        "events": {
            "case": world.case.slug,
            "date": "2025-03",
            "title": f"{tag} event",
            "citations": [{"source": world.source.pk, "pinpoint": "p. 2"}],
        },
        "testimony": {
            "case": world.case.slug,
            "witness": world.witness.slug,
            "date": "2025",
            "excerpt": f"{tag}: Yes.",
            "citations": [{"source": world.source.pk, "wording": ""}],
        },
        "sources": {"url": f"https://example.com/{tag}", "title": f"{tag} article"},
        "topics": {"name": f"{tag} topic", "slug": slug},
        "courts": {"name": f"{tag} court", "short_name": tag, "slug": slug},
    }[name]


SLUGGED = ("cases", "parties", "topics", "courts")


def fresh_target(name, world):
    """A new draft (or plain) entry nobody refers to, so it may be changed and deleted:
    (its address, its slug or None)."""
    make = {
        "cases": lambda: CaseFactory(state=DRAFT, court=world.court),
        "parties": lambda: PartyFactory(),
        "events": lambda: EventFactory(case=world.case, cite=world.source, state=DRAFT),
        "testimony": lambda: TestimonyFactory(
            case=world.case, witness=world.witness, cite=world.source, state=DRAFT
        ),
        "sources": lambda: SourceFactory(state=DRAFT),
        "topics": lambda: TopicFactory(),
        "courts": lambda: CourtFactory(),
    }[name]
    obj = make()
    slug = obj.slug if name in SLUGGED else None
    return f"/api/v1/{name}/{slug or obj.pk}/", slug


COLLECTIONS = ["cases", "parties", "events", "testimony", "sources", "topics", "courts"]

EXPECTED = {
    #            GET  POST  PUT  PATCH  DELETE
    "anonymous": (200, 401, 401, 401, 401),
    "stranger": (200, 403, 403, 403, 403),
    "curator": (200, 201, 200, 200, 403),
    "editor": (200, 201, 200, 200, 204),
}


@pytest.mark.parametrize("persona", list(EXPECTED))
@pytest.mark.parametrize("name", COLLECTIONS)
def test_permission_matrix_for_every_collection_and_method(personas, world, persona, name):
    client = personas[persona]
    get, post, put, patch, delete = EXPECTED[persona]
    target, slug = fresh_target(name, world)
    assert client.get(f"/api/v1/{name}/").status_code == get
    # A draft (or a party or topic nothing public names yet) answers only to the newsroom.
    sees_target = persona in ("curator", "editor") or name == "courts"
    assert client.get(target).status_code == (200 if sees_target else 404)

    response = client.post(f"/api/v1/{name}/", create_payload(name, world), format="json")
    assert response.status_code == post, response.content
    response = client.put(target, create_payload(name, world, "put", slug), format="json")
    assert response.status_code == put, response.content
    response = client.patch(target, {}, format="json")
    assert response.status_code == patch, response.content
    response = client.delete(target)
    assert response.status_code == delete, response.content
    if persona == "anonymous":
        assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize("persona", list(EXPECTED))
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/",
        "/api/v1/search/?q=Musk",
        "/api/v1/cases/musk-v-openai/timeline/",
        "/api/v1/schema/",
        "/api/v1/docs/",
        "/api/v1/redoc/",
    ],
)
def test_the_root_search_schema_and_docs_are_public_and_read_only(personas, world, persona, path):
    client = personas[persona]
    assert client.get(path).status_code == 200
    assert client.post(path, {}, format="json").status_code == 405


@pytest.mark.parametrize("name", ["cases", "events", "testimony", "sources"])
def test_curators_cannot_change_or_delete_published_entries(curator_api, world, name):
    target = {
        "cases": f"/api/v1/cases/{world.case.slug}/",
        "events": f"/api/v1/events/{world.event.pk}/",
        "testimony": f"/api/v1/testimony/{world.testimony.pk}/",
        "sources": f"/api/v1/sources/{world.source.pk}/",
    }[name]
    response = curator_api.patch(target, {"state": "draft"}, format="json")
    assert response.status_code == 403
    assert "is published" in response.json()["detail"]
    assert curator_api.delete(target).status_code == 403


@pytest.mark.parametrize("name", ["cases", "events", "testimony", "sources"])
def test_curators_cannot_publish_and_nothing_is_stored_when_they_try(curator_api, world, name):
    model = {"cases": "Case", "events": "Event", "testimony": "Testimony", "sources": "Source"}
    before = _count(model[name])
    payload = {**create_payload(name, world), "state": "published"}
    response = curator_api.post(f"/api/v1/{name}/", payload, format="json")
    assert response.status_code == 403
    assert "publish permission" in response.json()["detail"]
    assert _count(model[name]) == before


def _count(model_name):
    from articles.models import Source
    from cases import models

    model = Source if model_name == "Source" else getattr(models, model_name)
    return model.objects.count()
