"""The DAIL-style facets of a case (issue 18): shown on the case page, each linking to the
tracker table filtered by it; a facet value is public only when a published case carries it."""

import pytest

from cases.models import ApplicationArea, Case, CauseOfAction
from core.publishing import PublicationState
from tests.factories import ApplicationAreaFactory, CaseFactory, CauseOfActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def andersen():
    return CaseFactory(
        short_title="Andersen v. Stability AI",
        ai_systems="Stable Diffusion, DreamStudio",
        jurisdiction_type=Case.JurisdictionType.FEDERAL,
        is_class_action=True,
        causes_of_action=[
            CauseOfActionFactory(name="Copyright", slug="copyright"),
            CauseOfActionFactory(name="DMCA §1202", slug="dmca-1202"),
        ],
        application_areas=[ApplicationAreaFactory(name="Image generation", slug="images")],
    )


def test_the_case_page_shows_each_facet_linking_to_the_filtered_table(client, andersen):
    html = client.get(andersen.get_absolute_url()).content.decode()
    for link in (
        '<a href="/cases/?cause=copyright">Copyright</a>',
        '<a href="/cases/?cause=dmca-1202">DMCA §1202</a>',
        '<a href="/cases/?area=images">Image generation</a>',
        '<a href="/cases/?ai_system=Stable%20Diffusion">Stable Diffusion</a>',
        '<a href="/cases/?ai_system=DreamStudio">DreamStudio</a>',
        '<a href="/cases/?jurisdiction=federal">Federal</a>',
        '<a href="/cases/?class_action=yes">Yes</a>',
        '<a href="/cases/?published_opinion=no">No</a>',
    ):
        assert link in html


def test_each_facet_link_of_the_case_page_lists_the_case(client, andersen):
    for query in (
        "cause=copyright",
        "area=images",
        "ai_system=Stable%20Diffusion",
        "jurisdiction=federal",
        "class_action=yes",
        "published_opinion=no",
    ):
        response = client.get(f"/cases/?{query}")
        assert [case.short_title for case in response.context["page"].object_list] == [
            "Andersen v. Stability AI"
        ], query


def test_a_case_without_facets_shows_no_empty_claims(client):
    case = CaseFactory()
    html = client.get(case.get_absolute_url()).content.decode()
    assert "<dt>Claims</dt>" not in html and "AI system" not in html


def test_a_facet_value_only_a_draft_carries_is_not_public(andersen):
    draft_only = CauseOfActionFactory(name="Trade secrets", slug="trade-secrets")
    CaseFactory(state=PublicationState.DRAFT, causes_of_action=[draft_only])
    assert set(CauseOfAction.objects.public().values_list("slug", flat=True)) == {
        "copyright",
        "dmca-1202",
    }
    assert list(ApplicationArea.objects.public().values_list("slug", flat=True)) == ["images"]


def test_ai_systems_read_as_a_list():
    assert Case(ai_systems=" Stable Diffusion,DreamStudio, ").ai_system_list == [
        "Stable Diffusion",
        "DreamStudio",
    ]
