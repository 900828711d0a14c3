"""Bad values in the admin give form errors, never IntegrityErrors; history records and reverts."""

import pytest
from django.urls import reverse

from cases.models import Case, Event
from tests.admin.forms import event_form
from tests.factories import CaseFactory, CourtFactory, EventFactory, SourceFactory

pytestmark = pytest.mark.django_db


def errors_of(response) -> str:
    assert response.status_code == 200, "the form should be shown again with errors"
    return str(response.context["adminform"].form.errors) + str(
        response.context["inline_admin_formsets"]
        and [f.formset.non_form_errors() for f in response.context["inline_admin_formsets"]]
    )


def test_a_31_february_is_a_form_error(editor_client):
    case = CaseFactory()
    response = editor_client.post(
        reverse("admin:cases_event_add"), event_form(case, date="2026-02-31")
    )
    assert "Enter a valid date" in errors_of(response)
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("date", "9999-12-31"), ("date", "0050-01-01"), ("end_date", "9999-12-31")]
)
def test_a_date_outside_the_accepted_years_is_a_form_error(editor_client, field, value):
    case = CaseFactory()
    response = editor_client.post(
        reverse("admin:cases_event_add"), event_form(case, **{field: value})
    )
    assert "use a year from 1800 to 2200" in errors_of(response)
    assert not Event.objects.exists()


def test_a_control_character_in_typed_text_is_a_form_error(editor_client):
    case = CaseFactory()
    response = editor_client.post(
        reverse("admin:cases_event_add"), event_form(case, title="Hearing on\x0bmotion")
    )
    assert "Remove the control character U+000B" in errors_of(response)
    assert not Event.objects.exists()
    # Tabs and line breaks are text, not control characters to refuse.
    response = editor_client.post(
        reverse("admin:cases_event_add"),
        event_form(case, title="Hearing on motion", description="Line one.\r\n\tLine two."),
    )
    assert response.status_code == 302 and Event.objects.count() == 1


def test_every_text_field_in_every_admin_form_refuses_control_characters(rf, editor):
    """Also the admins and inlines added later: each must carry CleanTextAdminMixin."""
    from django.contrib import admin
    from django.db import models

    from core.text import validate_no_control_characters

    request = rf.get("/")
    request.user = editor
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ("cases", "articles"):
            continue
        admins = [model_admin] + [inline(model, admin.site) for inline in model_admin.inlines]
        for each in admins:
            for db_field in each.model._meta.get_fields():
                if not isinstance(db_field, models.CharField | models.TextField):
                    continue
                if db_field.choices or not db_field.editable:
                    continue
                form_field = each.formfield_for_dbfield(db_field, request=request)
                if form_field is None:
                    continue
                assert validate_no_control_characters in form_field.validators, (
                    f"{type(each).__name__}: {model.__name__}.{db_field.name}"
                )
                checked += 1
    assert checked > 30


def test_an_unknown_precision_is_a_form_error(editor_client):
    case = CaseFactory()
    response = editor_client.post(
        reverse("admin:cases_event_add"), event_form(case, date_precision="fortnight")
    )
    assert "Select a valid choice" in errors_of(response)


def test_a_month_precision_date_on_the_15th_is_explained(editor_client):
    case = CaseFactory()
    response = editor_client.post(
        reverse("admin:cases_event_add"),
        event_form(case, date="2024-11-15", date_precision="month"),
    )
    assert "set the day to 1" in errors_of(response)


def test_a_duplicate_docket_number_is_a_form_error(editor_client):
    court = CourtFactory()
    CaseFactory(court=court, docket_number="4:24-cv-04722-YGR")
    data = {
        "short_title": "Copy v. Paste",
        "caption": "",
        "slug": "copy-v-paste",
        "status": "filed",
        "summary": "",
        "court": court.pk,
        "docket_number": "4:24-cv-04722-YGR",
        "courtlistener_docket_id": "",
        "filed_on": "",
        "filed_on_precision": "day",
        "closed_on": "",
        "closed_on_precision": "day",
        "roles-TOTAL_FORMS": 0,
        "roles-INITIAL_FORMS": 0,
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
        "testimony-TOTAL_FORMS": 0,
        "testimony-INITIAL_FORMS": 0,
    }
    response = editor_client.post(reverse("admin:cases_case_add"), data)
    assert "already has this docket number" in errors_of(response)
    assert Case.objects.count() == 1


def test_a_source_url_is_normalized_and_a_duplicate_refused(editor_client):
    SourceFactory(url="https://www.techlusive.in/news/musk-reveals")
    data = {
        "url": "HTTPS://WWW.Techlusive.in/news/musk-reveals/?utm_source=x#top",
        "title": "",
        "authors": "",
        "published_at_0": "",
        "published_at_1": "",
        "kind": "news_article",
        "summary": "",
        "canonical_url": "",
        "language": "",
        "text": "",
    }
    response = editor_client.post(reverse("admin:articles_source_add"), data)
    assert "already exists" in errors_of(response)


def test_history_records_who_edited_and_a_revert_restores_the_old_value(editor_client, editor):
    event = EventFactory(title="Jury selection begins")
    form = event_form(event, title="Jury selection starts")
    response = editor_client.post(reverse("admin:cases_event_change", args=[event.pk]), form)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Jury selection starts"
    latest, original = event.history.all()[:2]
    assert latest.history_user == editor
    assert original.title == "Jury selection begins"

    history_page = editor_client.get(reverse("admin:cases_event_history", args=[event.pk]))
    assert "Jury selection" in history_page.content.decode()
    revert_url = reverse("admin:cases_event_simple_history", args=[event.pk, original.history_id])
    response = editor_client.post(revert_url, event_form(event, title=original.title))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Jury selection begins"
    assert event.history.count() == 3
