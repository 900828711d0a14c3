"""Every admin page renders for an editor, and the lists show dates at their precision."""

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import CaseSuggestion, Mention, TestimonyCandidate, quote_key
from tests.factories import (
    ApplicationAreaFactory,
    CaseRoleFactory,
    CauseOfActionFactory,
    EventFactory,
    SourceFactory,
    TestimonyFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_of_everything(db):
    event = EventFactory(
        date=dt.date(2024, 11, 1), date_precision="month", title="Amended complaint"
    )
    testimony = TestimonyFactory(case=event.case, excerpt="Partly.")
    CaseRoleFactory(case=event.case)
    event.case.topics.add(TopicFactory())
    event.case.causes_of_action.add(CauseOfActionFactory())
    event.case.application_areas.add(ApplicationAreaFactory())
    source = SourceFactory()
    event.case.reporting_sources.add(source)
    # What ingestion suggests for a source (articles.admin.sources).
    Mention.objects.create(source=source, party=testimony.witness, count=2)
    CaseSuggestion.objects.create(source=source, case=event.case, score=2, reason="Named.")
    TestimonyCandidate.objects.create(
        source=source, speaker=testimony.witness, quote="Partly.", quote_key=quote_key("Partly."),
        sentence="Musk answered, “Partly.”",
    )  # fmt: skip
    return event, testimony


def registered_models():
    ours = [m for m in admin.site._registry if m._meta.app_label in ("cases", "articles")]
    return sorted(ours, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_every_changelist_add_and_change_page_renders_for_an_editor(
    editor_client, one_of_everything, model
):
    opts = model._meta
    changelist = editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    add = editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    # Ingestion's suggestions are created by ingestion, never added by hand.
    addable = admin.site._registry[model].has_add_permission(add.wsgi_request)
    assert add.status_code == (200 if addable else 403)
    obj = model.objects.first()
    assert obj is not None, f"the fixture should create a {opts.label}"
    change = editor_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert change.status_code == 200
    history = editor_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    )
    assert history.status_code == 200


def test_the_event_list_shows_a_month_precision_date_as_a_month(editor_client, one_of_everything):
    response = editor_client.get(reverse("admin:cases_event_changelist"))
    content = response.content.decode()
    assert "November 2024" in content
    assert "2024-11-01" not in content
    assert "Nov. 1, 2024" not in content


def test_the_case_page_inlines_roles_events_and_testimony(editor_client, one_of_everything):
    event, testimony = one_of_everything
    response = editor_client.get(reverse("admin:cases_case_change", args=[event.case.pk]))
    content = response.content.decode()
    assert "Amended complaint" in content
    assert "Partly." in content
    assert 'name="roles-TOTAL_FORMS"' in content


def test_autocomplete_answers_for_parties_cases_sources_and_topics(
    editor_client, one_of_everything
):
    for model in ("party", "case", "source", "topic"):
        app = "articles" if model == "source" else "cases"
        field = {"party": "party", "case": "case", "source": "source", "topic": "topics"}[model]
        host = {"party": "caserole", "case": "event", "source": "eventcitation", "topic": "event"}
        response = editor_client.get(
            reverse("admin:autocomplete"),
            {"app_label": "cases", "model_name": host[model], "field_name": field, "term": ""},
        )
        assert response.status_code == 200, (model, app, response.content[:300])
        assert response.json()["results"], model


def test_a_curator_sees_the_admin_without_delete_on_cases(client, curator, one_of_everything):
    client.force_login(curator)
    event, _ = one_of_everything
    response = client.get(reverse("admin:cases_case_change", args=[event.case.pk]))
    assert response.status_code == 200
    assert reverse("admin:cases_case_delete", args=[event.case.pk]) not in response.content.decode()
    assert client.get(reverse("admin:cases_case_delete", args=[event.case.pk])).status_code == 403


def test_the_admin_source_list_puts_undated_sources_after_the_dated_ones(superuser, client):
    dated = SourceFactory(title="Dated story")
    undated = SourceFactory(title="Undated story", published_at=None)
    client.force_login(superuser)

    html = client.get(reverse("admin:articles_source_changelist")).content.decode()

    assert html.index(dated.title) < html.index(undated.title)
