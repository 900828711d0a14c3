"""The editors' review queue (cases.admin.queue) and the review buttons on the change form
(cases.admin.publishing)."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import CaseSuggestion, FetchState, Source, TestimonyCandidate
from cases import review, services
from cases.models import Event, Testimony, TestimonyCitation
from core.publishing import PublicationState
from tests.admin.forms import event_form
from tests.factories import (
    CaseFactory,
    EventFactory,
    PartyFactory,
    SourceFactory,
    TestimonyFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT
PUBLISHED = PublicationState.PUBLISHED
QUEUE = reverse("admin:review_queue")


def logged_in(user) -> Client:
    """A client of its own (the curator_client and editor_client fixtures share one)."""
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def submitted(obj, user, minutes_ago: int):
    """Submit `obj` as `user`, dated `minutes_ago` (to test the order)."""
    review.submit_for_review(obj=obj, user=user)
    when = timezone.now() - dt.timedelta(minutes=minutes_ago)
    type(obj).objects.filter(pk=obj.pk).update(submitted_at=when)
    return obj


@pytest.fixture
def waiting(curator):
    """One or more of everything the queue lists, and things it must not list."""
    case = CaseFactory()
    newer = submitted(EventFactory(case=case, state=DRAFT, title="Newer hearing"), curator, 5)
    older = submitted(EventFactory(case=case, state=DRAFT, title="Older hearing"), curator, 60)
    EventFactory(case=case, state=DRAFT, title="Unsubmitted hearing")
    testimony = submitted(TestimonyFactory(case=case, state=DRAFT), curator, 30)
    source = SourceFactory(title="An article")
    TestimonyCandidate.objects.create(
        source=source, speaker=PartyFactory(name="Elon Musk"), quote="Partly.", sentence="Partly."
    )
    CaseSuggestion.objects.create(source=source, case=case, reason="Names both parties")
    SourceFactory(title="Failed source", fetch_state=FetchState.FAILED, fetch_error="HTTP 500")
    SourceFactory(title="Dead source", link_dead_since=timezone.now(), link_status=404)
    worded = TestimonyFactory(case=case, excerpt="Partly.")
    TestimonyCitation.objects.filter(testimony=worded).update(wording="Partially.")
    return {"older": older, "newer": newer, "testimony": testimony, "worded": worded}


def count_of(html: str, key: str) -> str:
    marker = f'data-group="{key}">'
    return html.split(marker, 1)[1].split("<", 1)[0]


def test_the_queue_lists_what_waits_with_counts_oldest_first(editor_client, waiting):
    response = editor_client.get(QUEUE)
    html = response.content.decode()
    assert response.status_code == 200
    assert count_of(html, "submitted-event") == "2"
    assert count_of(html, "submitted-testimony") == "1"
    assert count_of(html, "submitted-case") == "0"
    assert count_of(html, "candidates") == "1"
    assert count_of(html, "case-suggestions") == "1"
    assert count_of(html, "failed-fetches") == "1"
    assert count_of(html, "dead-links") == "1"
    assert count_of(html, "differing-wording") == "1"
    assert html.index("Older hearing") < html.index("Newer hearing")
    assert "Unsubmitted hearing" not in html
    assert "submitted by curator" in html


def test_each_row_opens_its_change_page_in_one_click(editor_client, waiting):
    html = editor_client.get(QUEUE).content.decode()
    for key in ["older", "newer", "testimony", "worded"]:
        obj = waiting[key]
        change = reverse(f"admin:cases_{obj._meta.model_name}_change", args=[obj.pk])
        assert f'href="{change}"' in html, key
    candidate = TestimonyCandidate.objects.get()
    assert reverse("admin:articles_testimonycandidate_change", args=[candidate.pk]) in html
    dead = Source.objects.get(title="Dead source")
    assert reverse("admin:articles_source_change", args=[dead.pk]) in html


def test_the_queue_takes_the_same_number_of_queries_however_much_waits(
    editor_client, waiting, curator, django_assert_num_queries
):
    # The session, the user, their permissions (2), then one query per group (9).
    with django_assert_num_queries(13) as few:
        editor_client.get(QUEUE)
    for i in range(5):
        submitted(EventFactory(state=DRAFT, title=f"More {i}"), curator, 1)
        SourceFactory(fetch_state=FetchState.FAILED)
    with django_assert_num_queries(len(few.captured_queries)):
        editor_client.get(QUEUE)


def test_a_long_group_shows_its_oldest_rows_and_links_to_all_of_them(
    editor_client, waiting, monkeypatch
):
    monkeypatch.setattr("cases.admin.queue.ROWS_PER_GROUP", 1)
    html = editor_client.get(QUEUE).content.decode()
    assert count_of(html, "submitted-event") == "2"
    assert "Older hearing" in html and "Newer hearing" not in html
    all_url = reverse("admin:cases_event_changelist") + "?review=submitted"
    assert f'<a href="{all_url}">All 2 submitted events</a>' in html


def test_an_empty_queue_says_so(editor_client):
    html = editor_client.get(QUEUE).content.decode()
    assert "Nothing waits for an editor." in html
    assert count_of(html, "candidates") == "0"


def test_a_published_draft_leaves_the_queue(editor, editor_client, waiting):
    services.publish(obj=waiting["older"], user=editor)
    html = editor_client.get(QUEUE).content.decode()
    assert count_of(html, "submitted-event") == "1"
    assert "Older hearing" not in html


def test_curators_and_strangers_do_not_get_the_queue(curator_client, client, stranger):
    assert curator_client.get(QUEUE).status_code == 403
    client.force_login(stranger)
    response = client.get(QUEUE)
    assert response.status_code == 302 and "login" in response.url


def test_the_admin_index_links_editors_to_the_queue(editor, curator):
    assert QUEUE in logged_in(editor).get(reverse("admin:index")).content.decode()
    curator_html = logged_in(curator).get(reverse("admin:index")).content.decode()
    assert QUEUE not in curator_html
    assert reverse("admin:articles_source_add_from_url") in curator_html


# --- The change form's buttons ---------------------------------------------------------------


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_a_curator_gets_submit_but_not_publish_on_a_draft(curator_client):
    html = curator_client.get(change_url(EventFactory(state=DRAFT))).content.decode()
    assert 'name="_submit_for_review"' in html
    assert 'name="_publish"' not in html and 'name="_send_back"' not in html


def test_an_editor_gets_publish_with_sources_and_send_back_on_a_submitted_draft(
    curator, editor_client
):
    event = submitted(EventFactory(state=DRAFT), curator, 1)
    html = editor_client.get(change_url(event)).content.decode()
    assert 'value="Publish with its sources"' in html
    assert 'name="_send_back"' in html
    assert "Submitted for review by curator" in html


def test_an_editor_gets_unpublish_on_a_published_entry(editor, curator):
    event = EventFactory()
    assert 'name="_unpublish"' in logged_in(editor).get(change_url(event)).content.decode()
    assert 'name="_unpublish"' not in logged_in(curator).get(change_url(event)).content.decode()


def test_a_curator_submits_from_the_form(curator_client):
    event = EventFactory(state=DRAFT)
    response = curator_client.post(
        change_url(event), event_form(event, _submit_for_review="Submit"), follow=True
    )
    event.refresh_from_db()
    assert event.is_submitted
    assert any("submitted for review" in m for m in messages_of(response))


def test_an_editor_publishes_from_the_form_with_the_draft_source_and_the_edit(
    curator, editor_client
):
    source = SourceFactory(state=DRAFT)
    event = submitted(EventFactory(state=DRAFT, cite=source), curator, 1)
    editor_client.post(change_url(event), event_form(event, title="Edited", _publish="Publish"))
    event.refresh_from_db()
    source.refresh_from_db()
    assert (event.state, event.title, source.state) == (PUBLISHED, "Edited", PUBLISHED)
    assert event.submitted_at is None


def test_a_refused_publish_shows_the_reason_and_saves_nothing_not_even_the_edit(editor_client):
    event = EventFactory(state=DRAFT, case=CaseFactory(state=DRAFT), title="Before")
    response = editor_client.post(
        change_url(event), event_form(event, title="After", _publish="Publish"), follow=True
    )
    event.refresh_from_db()
    assert (event.state, event.title) == (DRAFT, "Before")
    [message] = messages_of(response)
    assert message.startswith("Nothing was changed.") and "publish the case first" in message


def test_an_editor_sends_back_with_a_note_from_the_form_and_the_curator_sees_it(curator, editor):
    event = submitted(EventFactory(state=DRAFT), curator, 1)
    curator_client = logged_in(curator)
    logged_in(editor).post(
        change_url(event), event_form(event, _send_back="Send back", _review_note="Cite the order")
    )
    event.refresh_from_db()
    assert not event.is_submitted and event.review_note == "Cite the order"
    assert "Cite the order" in curator_client.get(change_url(event)).content.decode()
    sent_back = curator_client.get(reverse("admin:cases_event_changelist") + "?review=sent_back")
    assert event.title in sent_back.content.decode()


def test_a_curator_forging_a_publish_is_refused_and_nothing_changes(curator_client):
    event = EventFactory(state=DRAFT, title="Before")
    response = curator_client.post(
        change_url(event), event_form(event, title="After", _publish="Publish"), follow=True
    )
    event.refresh_from_db()
    assert (event.state, event.title) == (DRAFT, "Before")
    assert "publish permission" in messages_of(response)[0]


def test_an_editor_unpublishes_from_the_form(editor_client):
    event = EventFactory()
    editor_client.post(change_url(event), event_form(event, _unpublish="Unpublish"))
    assert Event.objects.get(pk=event.pk).state == DRAFT


def test_the_submitted_filter_lists_only_submitted_drafts(curator, editor_client):
    submitted(TestimonyFactory(state=DRAFT, excerpt="Waiting."), curator, 1)
    TestimonyFactory(state=DRAFT, excerpt="Not submitted.")
    url = reverse("admin:cases_testimony_changelist") + "?review=submitted"
    html = editor_client.get(url).content.decode()
    assert "Waiting." in html and "Not submitted." not in html
    assert Testimony.objects.submitted().count() == 1
