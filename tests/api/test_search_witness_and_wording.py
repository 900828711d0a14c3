"""GET /api/v1/search/ finds a statement by its witness and by a source's wording, as the site
does, and says which wording matched."""

import pytest

from cases import services
from cases.models import Testimony, TestimonyCitation
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def worded(world, editor):
    """The world's testimony, cited by a second source that words it "Partially.", written
    through the services as the admin and the API do."""
    testimony = world.testimony
    testimony.excerpt = "Partly, we distilled them."
    services.save(user=editor, obj=testimony)
    services.save(
        user=editor,
        obj=TestimonyCitation(
            testimony=testimony, source=SourceFactory(title="Day two"), wording="Partially."
        ),
    )
    return testimony


def hits_of(anon, query: str) -> list[dict]:
    response = anon.get("/api/v1/search/", {"q": query, "kind": "testimony"})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_witness_name_and_a_word_of_the_statement_find_it(anon, world, worded):
    (hit,) = hits_of(anon, "Musk distilled")
    assert hit["id"] == worded.pk
    assert hit["title"] == "Elon Musk"
    assert hit["wording"] == ""
    assert hits_of(anon, "Toberoff distilled") == []  # counsel is not the witness


def test_a_source_s_wording_finds_the_statement_and_is_returned(anon, world, worded):
    (hit,) = hits_of(anon, "Partially")
    assert hit["id"] == worded.pk
    assert hit["snippet"] == "Partly, we distilled them."
    assert hit["wording"] == "Partially."


def test_a_draft_statement_is_never_found_by_its_witness(anon, world, worded):
    ids = [hit["id"] for hit in hits_of(anon, "Musk")]
    assert ids == [worded.pk]
    assert world.draft_testimony.pk not in ids
    assert Testimony.objects.get(pk=world.draft_testimony.pk).state == "draft"


def test_citations_replaced_through_the_api_change_what_the_search_finds(anon, editor_api, world):
    url = f"/api/v1/testimony/{world.testimony.pk}/"
    citations = [{"source": world.source.pk, "wording": "Somewhat."}]
    response = editor_api.patch(url, {"citations": citations}, format="json")
    assert response.status_code == 200, response.content
    (hit,) = hits_of(anon, "Somewhat")
    assert (hit["id"], hit["wording"]) == (world.testimony.pk, "Somewhat.")
    response = editor_api.patch(url, {"citations": [{"source": world.source.pk}]}, format="json")
    assert response.status_code == 200, response.content
    assert hits_of(anon, "Somewhat") == []


def test_a_party_renamed_through_the_api_finds_its_statements_by_the_new_name(
    anon, editor_api, world
):
    response = editor_api.patch(
        f"/api/v1/parties/{world.witness.slug}/", {"aliases": ["Technoking"]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert [hit["id"] for hit in hits_of(anon, "Technoking")] == [world.testimony.pk]
