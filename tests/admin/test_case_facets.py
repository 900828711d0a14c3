"""The facets of a case are edited in the admin (issue 18): a Facets fieldset on the case form,
autocomplete for causes of action and areas of application, list filters, and their own lists."""

import pytest
from django.urls import reverse

from cases.models import Case
from core.publishing import PublicationState
from tests.factories import ApplicationAreaFactory, CaseFactory, CauseOfActionFactory
from tests.rulebook.forms import admin_form_data

pytestmark = pytest.mark.django_db


def test_an_editor_sets_every_facet_on_the_case_form(editor_client):
    case = CaseFactory(state=PublicationState.DRAFT)
    claim = CauseOfActionFactory(name="Copyright")
    area = ApplicationAreaFactory(name="Image generation")
    url = reverse("admin:cases_case_change", args=[case.pk])
    page = editor_client.get(url)
    assert "Facets" in page.content.decode()
    data = admin_form_data(
        page,
        causes_of_action=[str(claim.pk)],
        application_areas=[str(area.pk)],
        ai_systems="Stable Diffusion, DreamStudio",
        jurisdiction_type="federal",
        is_class_action="on",
        has_published_opinion="on",
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    case.refresh_from_db()
    assert list(case.causes_of_action.all()) == [claim]
    assert list(case.application_areas.all()) == [area]
    assert case.ai_systems == "Stable Diffusion, DreamStudio"
    assert case.jurisdiction_type == Case.JurisdictionType.FEDERAL
    assert case.is_class_action and case.has_published_opinion


def test_the_case_list_filters_by_facets(editor_client):
    claim = CauseOfActionFactory(name="Right of publicity")
    CaseFactory(short_title="Lehrman v. Lovo", causes_of_action=[claim], is_class_action=True)
    CaseFactory(short_title="Other v. Case")
    changelist = reverse("admin:cases_case_changelist")
    html = editor_client.get(changelist).content.decode()
    assert "By cause of action" in html or "By causes of action" in html
    filtered = editor_client.get(changelist, {"causes_of_action__id__exact": claim.pk})
    assert [case.short_title for case in filtered.context["cl"].result_list] == ["Lehrman v. Lovo"]
    by_class = editor_client.get(changelist, {"is_class_action__exact": "1"})
    assert [case.short_title for case in by_class.context["cl"].result_list] == ["Lehrman v. Lovo"]


def test_facet_values_have_their_own_searchable_lists_with_case_counts(editor_client):
    claim = CauseOfActionFactory(name="Trademark")
    CaseFactory(causes_of_action=[claim])
    response = editor_client.get(reverse("admin:cases_causeofaction_changelist"), {"q": "trade"})
    assert [row.name for row in response.context["cl"].result_list] == ["Trademark"]
    assert response.context["cl"].result_list[0]._case_count == 1
    ApplicationAreaFactory(name="Image generation")
    autocomplete = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "cases",
            "model_name": "case",
            "field_name": "application_areas",
            "term": "imag",
        },
    )
    assert [item["text"] for item in autocomplete.json()["results"]] == ["Image generation"]


def test_a_curator_may_not_rename_a_claim_published_cases_carry(client, curator):
    claim = CauseOfActionFactory(name="Copyright")
    CaseFactory(causes_of_action=[claim])
    client.force_login(curator)
    url = reverse("admin:cases_causeofaction_change", args=[claim.pk])
    response = client.post(url, {"name": "Renamed", "slug": claim.slug, "_save": "Save"})
    claim.refresh_from_db()
    assert claim.name == "Copyright"
    assert response.status_code in (200, 403)  # a form error or a read-only form, not saved
