"""One regression test per hole found in issue 14: each write path that let public content
change without an editor, or let a published entry stand on a draft source."""

from __future__ import annotations

import json
from contextlib import contextmanager

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from articles.ingestion.services import review
from articles.ingestion.services.submission import fetch_again
from articles.models import CaseSuggestion, Source, Suggestion
from cases.models import CaseRole, Event, EventCitation, Testimony, TestimonyCitation
from tests.factories import (
    CaseFactory,
    EventFactory,
    OutletFactory,
    PartyFactory,
    SourceFactory,
    TestimonyFactory,
    TopicFactory,
)
from tests.rulebook.forms import admin_form_data
from tests.rulebook.support import (
    DRAFT,
    PUBLISHED,
    changed_tables,
    fresh_source,
    make_candidate,
    messages_of,
    snapshot,
)

pytestmark = pytest.mark.django_db


def admin_url(obj_or_label, view: str, *args) -> str:
    label = obj_or_label if isinstance(obj_or_label, str) else obj_or_label._meta.label_lower
    app_label, model_name = label.split(".")
    if not isinstance(obj_or_label, str) and not args:
        args = (obj_or_label.pk,)
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def run_action(client, label: str, action: str, *objs):
    return client.post(
        admin_url(label, "changelist"),
        {"action": action, "_selected_action": [o.pk for o in objs], "index": 0},
        follow=True,
    )


def refused_and_unchanged(response, before: dict) -> None:
    """Refused with a 403 or a form error; either way, no row changed."""
    assert response.status_code in (200, 403), (response.status_code, response.content[:1500])
    if response.status_code == 200:
        assert form_errors(response), "shown again, so it must say what is wrong"
    assert not changed_tables(before, snapshot())


def form_errors(response) -> str:
    context = response.context
    if context is None or "adminform" not in context:
        return ""
    errors = [str(context["adminform"].form.errors)]
    for inline in context.get("inline_admin_formsets") or ():
        errors += [str(inline.formset.non_form_errors()), str(inline.formset.errors)]
    return "".join(e for e in errors if e not in ("", "[]", "[{}]"))


def check_now() -> None:
    """Run PostgreSQL's deferred constraint checks now instead of at commit."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


# --- 1. Admin history revert -------------------------------------------------------------------


def make_entry(kind: str, base, state: str):
    if kind == "event":
        return EventFactory(case=base.case, cite=base.source, state=state)
    if kind == "testimony":
        return TestimonyFactory(case=base.case, witness=base.witness, cite=base.source, state=state)
    if kind == "source":
        return SourceFactory(state=state)
    return CaseFactory(court=base.court, state=state)


TEXT = {"event": "title", "testimony": "context", "source": "title", "case": "summary"}
LABEL = {
    "event": "cases.event",
    "testimony": "cases.testimony",
    "source": "articles.source",
    "case": "cases.case",
}


def revert_form(editor_web, obj, version) -> tuple[str, dict]:
    url = admin_url(obj._meta.label_lower, "simple_history", obj.pk, version.history_id)
    return url, admin_form_data(editor_web.get(url))


@pytest.mark.parametrize("kind", ["event", "testimony", "source", "case"])
def test_a_curator_restoring_a_published_version_of_a_draft_does_not_publish_it(
    kind, base, curator_client, editor_web
):
    entry = make_entry(kind, base, PUBLISHED)
    entry.state = DRAFT
    setattr(entry, TEXT[kind], "Reworded while a draft")
    entry.save()
    published_version = entry.history.order_by("history_id").first()
    assert published_version.state == PUBLISHED
    url, data = revert_form(editor_web, entry, published_version)

    response = curator_client.post(url, data)

    assert response.status_code in (302, 403), response.content.decode()[:1500]
    entry.refresh_from_db()
    assert entry.state == DRAFT, "a revert must never publish"


@pytest.mark.parametrize("kind", ["event", "testimony", "source", "case"])
def test_a_curator_restoring_the_first_draft_version_of_a_published_entry_is_refused(
    kind, base, curator_client, editor_web
):
    entry = make_entry(kind, base, DRAFT)
    entry.state = PUBLISHED
    entry.made_public_at = timezone.now()
    setattr(entry, TEXT[kind], "Edited, then published")
    entry.save()
    draft_version = entry.history.order_by("history_id").first()
    url, data = revert_form(editor_web, entry, draft_version)
    before = snapshot()

    response = curator_client.post(url, data)

    assert response.status_code == 403
    assert not changed_tables(before, snapshot())


def test_an_editor_reverting_to_a_version_whose_citations_are_gone_gets_an_answer_not_a_500(
    base, editor_client, editor_web
):
    event = EventFactory(case=base.case, cite=base.source, title="Hearing")
    published_version = event.history.order_by("history_id").first()
    event.citations.all().delete()
    event.state = DRAFT
    event.title = "Hearing (withdrawn: its source was wrong)"
    event.save()
    url, data = revert_form(editor_web, event, published_version)

    response = editor_client.post(url, data)

    assert response.status_code in (200, 302, 403)
    if response.status_code == 200:
        assert form_errors(response)
    event.refresh_from_db()
    published_citations = event.citations.filter(source__state=PUBLISHED)
    assert not (event.state == PUBLISHED and not published_citations.exists()), (
        "the revert published an event that cites no published source"
    )
    check_now()  # what the database would say at commit


# --- 2. Rows with no publish step -------------------------------------------------------------


def public_row(kind: str, base):
    if kind == "party":
        return base.witness
    if kind == "topic":
        topic = TopicFactory()
        base.case.topics.add(topic)
        return topic
    if kind == "court":
        return base.court
    outlet = OutletFactory()
    SourceFactory(outlet=outlet)
    return outlet


@pytest.mark.parametrize(
    ("kind", "prefix"), [("party", "parties"), ("topic", "topics"), ("court", "courts")]
)
def test_a_curator_cannot_rename_a_public_party_topic_or_court_through_the_api(
    kind, prefix, base, curator_api
):
    row = public_row(kind, base)
    before = snapshot()
    response = curator_api.patch(
        f"/api/v1/{prefix}/{row.slug}/", {"name": "Renamed"}, format="json"
    )
    assert response.status_code == 403, response.content
    assert not changed_tables(before, snapshot())


@pytest.mark.parametrize("kind", ["party", "topic", "court", "outlet"])
def test_a_curator_cannot_rename_a_public_party_topic_court_or_outlet_in_the_admin(
    kind, base, curator_client, editor_web
):
    row = public_row(kind, base)
    data = admin_form_data(editor_web.get(admin_url(row, "change")), name="Renamed")
    before = snapshot()
    refused_and_unchanged(curator_client.post(admin_url(row, "change"), data), before)


def test_a_curator_cannot_change_a_citations_wording_on_published_testimony(
    base, curator_client, editor_web
):
    testimony = TestimonyFactory(case=base.case, witness=base.witness, cite=base.source)
    citation = testimony.citations.get()
    data = admin_form_data(editor_web.get(admin_url(citation, "change")), wording="Not at all.")
    before = snapshot()
    refused_and_unchanged(curator_client.post(admin_url(citation, "change"), data), before)


def test_a_curator_cannot_repoint_a_published_events_citation_to_a_draft_source(
    base, curator_client, editor_web
):
    event = EventFactory(case=base.case, cite=base.source)
    citation = event.citations.get()
    url = admin_url(citation, "change")
    data = admin_form_data(editor_web.get(url), source=base.draft_source.pk)
    before = snapshot()
    refused_and_unchanged(curator_client.post(url, data), before)


def test_a_curator_cannot_add_a_citation_to_a_published_event(base, curator_client, editor_web):
    event = EventFactory(case=base.case, cite=base.source)
    url = admin_url("cases.eventcitation", "add")
    data = admin_form_data(editor_web.get(url), event=event.pk, source=base.draft_source.pk)
    before = snapshot()
    refused_and_unchanged(curator_client.post(url, data), before)


def test_a_curator_cannot_change_a_published_events_citations_through_its_inline(
    base, curator_client, editor_web
):
    event = EventFactory(case=base.case, cite=base.source)
    url = admin_url(event, "change")
    page = editor_web.get(url)
    data = admin_form_data(page, **{"citations-0-source": base.draft_source.pk})
    data.update({"citations-1-source": SourceFactory().pk, "citations-1-event": event.pk})
    before = snapshot()
    refused_and_unchanged(curator_client.post(url, data), before)


def test_a_curator_cannot_add_a_role_to_a_published_case_in_the_admin(
    base, curator_client, editor_web
):
    url = admin_url("cases.caserole", "add")
    party = PartyFactory()
    data = admin_form_data(editor_web.get(url), case=base.case.pk, party=party.pk, role="amicus")
    before = snapshot()
    refused_and_unchanged(curator_client.post(url, data), before)


def test_a_curator_cannot_delete_a_role_of_a_published_case_in_the_admin(base, curator_client):
    role = CaseRole.objects.get(case=base.case, party=base.witness)
    before = snapshot()
    response = curator_client.post(admin_url(role, "delete"), {"post": "yes"})
    assert response.status_code == 403
    assert not changed_tables(before, snapshot())


def test_a_curator_cannot_change_a_published_cases_roles_through_its_inline(
    base, curator_client, editor_web
):
    url = admin_url(base.case, "change")
    data = admin_form_data(editor_web.get(url))
    data["roles-0-DELETE"] = "on"  # remove the witness's role …
    data.update({"roles-1-party": PartyFactory().pk, "roles-1-role": "amicus"})  # … add one
    before = snapshot()
    refused_and_unchanged(curator_client.post(url, data), before)


def test_a_curator_cannot_change_a_published_cases_roles_through_the_api(base, curator_api):
    roles = [{"party": PartyFactory().slug, "role": "amicus"}]
    before = snapshot()
    response = curator_api.patch(
        f"/api/v1/cases/{base.case.slug}/", {"roles": roles}, format="json"
    )
    assert response.status_code == 403
    assert not changed_tables(before, snapshot())


def published_suggestion(base) -> CaseSuggestion:
    return CaseSuggestion.objects.create(
        source=fresh_source(title="Both sides rest"), case=base.case, score=3, reason="Parties"
    )


def test_a_curator_cannot_accept_a_suggestion_putting_a_published_source_on_a_public_timeline(
    base, curator_client
):
    suggestion = published_suggestion(base)
    before = snapshot()
    run_action(curator_client, "articles.casesuggestion", "accept_selected", suggestion)
    assert not changed_tables(before, snapshot())
    assert not suggestion.source.cases.exists()


def test_the_case_suggestion_service_refuses_a_curator_linking_public_rows(base, curator):
    suggestion = published_suggestion(base)
    with pytest.raises(PermissionDenied):
        review.decide_case_suggestion(suggestion, user=curator, accept=True)
    assert not suggestion.source.cases.exists()
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.PENDING


def test_an_editor_may_accept_a_suggestion_linking_public_rows(base, editor):
    suggestion = published_suggestion(base)
    review.decide_case_suggestion(suggestion, user=editor, accept=True)
    assert list(suggestion.source.cases.all()) == [base.case]


def test_a_curator_cannot_force_a_refetch_of_a_published_source_in_the_admin(
    base, curator_client, django_capture_on_commit_callbacks
):
    source = fresh_source(title="As published", text="The text readers see.")
    before = snapshot()
    with django_capture_on_commit_callbacks() as queued:
        run_action(curator_client, "articles.source", "fetch_again", source)
    assert queued == [], "no fetch may be queued"
    assert not changed_tables(before, snapshot())


def test_the_fetch_again_service_refuses_a_curator_on_a_published_source(
    base, curator, django_capture_on_commit_callbacks
):
    source = fresh_source(title="As published", text="The text readers see.")
    with django_capture_on_commit_callbacks() as queued, pytest.raises(PermissionDenied):
        fetch_again(source.pk, user=curator)
    assert queued == []
    source.refresh_from_db()
    assert (source.fetch_state, source.title, source.text) == (
        Source.FetchState.FETCHED,
        "As published",
        "The text readers see.",
    )


@pytest.mark.parametrize(("persona", "state"), [("curator", DRAFT), ("editor", PUBLISHED)])
def test_the_fetch_again_service_queues_a_fetch_for_who_may_change_the_source(
    persona, state, request, django_capture_on_commit_callbacks
):
    source = fresh_source(state=state)
    user = request.getfixturevalue(persona)
    with django_capture_on_commit_callbacks() as queued:
        assert fetch_again(source.pk, user=user, enqueue=lambda pk: None) is True
    assert len(queued) == 1
    source.refresh_from_db()
    assert source.fetch_state == Source.FetchState.QUEUED


def test_a_curator_cannot_accept_a_candidate_into_already_published_testimony(base, curator):
    quote = "We relied on it partly."
    testimony = TestimonyFactory(
        case=base.case, witness=base.witness, cite=base.source, excerpt=quote
    )
    source = fresh_source(title="A second outlet")
    candidate = make_candidate(source, base.witness, quote)
    with pytest.raises(PermissionDenied):
        review.accept_candidate(candidate, user=curator, case=base.case)
    assert list(testimony.citations.values_list("source", flat=True)) == [base.source.pk]
    assert not TestimonyCitation.objects.filter(source=source).exists()


# --- 3. Published entries stand on published sources ----------------------------------------


@pytest.mark.parametrize("prefix", ["events", "testimony"])
def test_publishing_an_entry_whose_only_source_is_a_draft_is_refused_naming_it(
    prefix, base, editor_api
):
    draft = SourceFactory(state=DRAFT, title="Leaked memo draft")
    payload = {
        "case": base.case.slug,
        "date": "2026-04",
        "state": "published",
        "citations": [{"source": draft.pk}],
    }
    if prefix == "events":
        payload["title"] = "Ruling on the motion"
    else:
        payload.update({"witness": base.witness.slug, "excerpt": "Yes."})
    model = Event if prefix == "events" else Testimony
    response = editor_api.post(f"/api/v1/{prefix}/", payload, format="json")
    assert response.status_code == 400, response.content
    assert "Leaked memo draft" in response.content.decode()
    assert not model.objects.exists()


def test_the_publish_action_refuses_an_event_whose_only_source_is_a_draft(base, editor_client):
    draft = SourceFactory(state=DRAFT, title="Leaked memo draft")
    event = EventFactory(case=base.case, cite=draft, state=DRAFT)
    response = run_action(editor_client, "cases.event", "publish_selected", event)
    event.refresh_from_db()
    assert event.state == DRAFT
    assert any("Leaked memo draft" in message for message in messages_of(response))


def the_only_published_source_of(base, title="Jury selection begins") -> tuple[Source, Event]:
    source = SourceFactory(title="The only report")
    return source, EventFactory(case=base.case, cite=source, title=title)


def test_unpublishing_the_only_published_source_of_a_published_event_is_refused_in_the_api(
    base, editor_api
):
    source, _event = the_only_published_source_of(base)
    response = editor_api.patch(f"/api/v1/sources/{source.pk}/", {"state": "draft"}, format="json")
    assert 400 <= response.status_code < 500, response.content
    assert "Jury selection begins" in response.content.decode()
    source.refresh_from_db()
    assert source.state == PUBLISHED


def test_the_unpublish_action_refuses_the_only_published_source_of_a_published_event(
    base, editor_client
):
    source, _event = the_only_published_source_of(base)
    response = run_action(editor_client, "articles.source", "unpublish_selected", source)
    source.refresh_from_db()
    assert source.state == PUBLISHED
    assert any("Jury selection begins" in message for message in messages_of(response))


def test_repointing_a_published_events_only_citation_to_a_draft_source_is_a_form_error(
    base, editor_client
):
    event = EventFactory(case=base.case, cite=base.source)
    citation = event.citations.get()
    for url, field in [
        (admin_url(citation, "change"), "source"),
        (admin_url(event, "change"), "citations-0-source"),
    ]:
        data = admin_form_data(editor_client.get(url), **{field: base.draft_source.pk})
        response = editor_client.post(url, data)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        assert form_errors(response)
        citation.refresh_from_db()
        assert citation.source == base.source


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", ["repoint-the-citation", "unpublish-the-source"])
def test_the_database_refuses_a_published_event_whose_only_source_is_a_draft(how):
    source = SourceFactory(title="The only report")
    event = EventFactory(cite=source)
    draft = SourceFactory(state=DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        if how == "repoint-the-citation":
            EventCitation.objects.filter(event=event).update(source=draft)
        else:
            Source.objects.filter(pk=source.pk).update(state=DRAFT)
    assert EventCitation.objects.get(event=event).source_id == source.pk
    assert Source.objects.get(pk=source.pk).state == PUBLISHED


# --- 4. Unbounded lists ------------------------------------------------------------------------

MANY = 60_000


@contextmanager
def at_most_queries(limit: int):
    """Fail at the first query past `limit` rather than after sixty thousand lookups."""
    count = 0
    failed = False

    def guard(execute, sql, params, many, context):
        nonlocal count, failed
        count += 1
        if count > limit and not failed:
            failed = True
            raise AssertionError(f"more than {limit} queries: the cap must come before lookups")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(guard):
        yield


def flood(what: str, base) -> tuple[str, dict]:
    if what == "event-citations":
        return "events", {
            "case": base.case.slug,
            "date": "2026-04",
            "title": "Flood",
            "citations": [{"source": base.source.pk}] * MANY,
        }
    if what == "testimony-citations":
        return "testimony", {
            "case": base.case.slug,
            "witness": base.witness.slug,
            "date": "2026",
            "excerpt": "Flood.",
            "citations": [{"source": pk} for pk in range(1, MANY + 1)],
        }
    if what == "case-roles":
        roles = [{"party": base.witness.slug, "role": "amicus"}] * MANY
        return "cases", {
            "short_title": "Flood",
            "slug": "flood",
            "court": base.court.slug,
            "roles": roles,
        }
    topics = [f"topic-{n}" for n in range(MANY)]
    if what == "case-topics":
        return "cases", {
            "short_title": "Flood",
            "slug": "flood",
            "court": base.court.slug,
            "topics": topics,
        }
    return "events", {"case": base.case.slug, "date": "2026", "title": "Flood", "topics": topics}


@pytest.mark.parametrize(
    "what", ["event-citations", "testimony-citations", "case-roles", "case-topics", "event-topics"]
)
def test_sixty_thousand_items_in_one_list_are_refused_before_any_lookup(
    what, base, editor_api, settings, django_assert_max_num_queries
):
    # The body cap (1 MB) is a separate rule; let the list through it to reach the list cap.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
    prefix, payload = flood(what, base)
    body = json.dumps(payload, separators=(",", ":"))
    # Refused before any item is looked up: a bounded number of queries, not one per item.
    with django_assert_max_num_queries(10), at_most_queries(10):
        response = editor_api.post(f"/api/v1/{prefix}/", body, content_type="application/json")
    assert response.status_code == 400, response.content[:500]
    assert "at most" in response.content.decode()
