"""Linking a case to its docket in the API and the admin: a URL is read as its id, anything
else is a 400 / a form error saying what is accepted."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from cases.models import Case
from tests.factories import CourtFactory

pytestmark = pytest.mark.django_db

URL = "https://www.courtlistener.com/docket/68477933/andersen-v-stability-ai-ltd/"


@pytest.fixture
def curator_api(curator) -> APIClient:
    api = APIClient()
    api.force_authenticate(curator)
    return api


def _case(court, docket):
    return {"short_title": "A v. B", "slug": "a-v-b", "court": court.slug,
            "courtlistener_docket_id": docket}  # fmt: skip


def test_the_api_takes_a_docket_url_and_stores_its_id(curator_api, member_groups):
    court = CourtFactory()
    response = curator_api.post("/api/v1/cases/", _case(court, URL), format="json")
    assert response.status_code == 201, response.content
    assert Case.objects.get(slug="a-v-b").courtlistener_docket_id == 68477933


def test_the_api_refuses_another_site_s_url_with_a_400_saying_what_works(
    curator_api, member_groups
):
    court = CourtFactory()
    response = curator_api.post(
        "/api/v1/cases/", _case(court, "https://pacer.example/docket/1/"), format="json"
    )
    assert response.status_code == 400
    assert "courtlistener.com" in str(response.json())
    assert not Case.objects.filter(slug="a-v-b").exists()


def test_the_admin_form_reads_a_docket_url_as_its_id(editor_client, member_groups):
    court = CourtFactory()
    response = editor_client.post(
        "/admin/cases/case/add/",
        {
            "short_title": "A v. B", "slug": "a-v-b", "court": court.pk, "status": "filed",
            "courtlistener_docket_id": URL, "filed_on_precision": "day",
            "closed_on_precision": "day",
            **{f"{prefix}-{k}": v for prefix in ("roles", "events", "testimony", "docket_sync")
               for k, v in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))},
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content[:3000]
    assert Case.objects.get(slug="a-v-b").courtlistener_docket_id == 68477933
