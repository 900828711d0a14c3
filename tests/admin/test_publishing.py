"""Publishing through the admin: editors can, curators cannot, and refusals change nothing."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cases.models import Event
from core.publishing import PublicationState
from tests.admin.forms import event_form
from tests.factories import CaseFactory, EventFactory, SourceFactory, TestimonyFactory

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT
PUBLISHED = PublicationState.PUBLISHED


def run_action(client, model: str, action: str, objs):
    url = reverse(f"admin:cases_{model}_changelist")
    return client.post(
        url,
        {"action": action, "_selected_action": [o.pk for o in objs], "index": 0},
        follow=True,
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_an_editor_publishes_a_cited_draft_event(editor_client):
    event = EventFactory(state=DRAFT)
    response = run_action(editor_client, "event", "publish_selected", [event])
    event.refresh_from_db()
    assert event.state == PUBLISHED
    assert event.made_public_at is not None
    assert "1 event published." in messages_of(response)


def test_publishing_an_uncited_event_is_refused_with_a_reason_and_changes_nothing(editor_client):
    case = CaseFactory()
    cited = EventFactory(case=case, state=DRAFT, title="Cited")
    uncited = EventFactory(case=case, state=DRAFT, title="Uncited", cite=False)
    response = run_action(editor_client, "event", "publish_selected", [cited, uncited])
    assert set(Event.objects.values_list("state", flat=True)) == {DRAFT}
    [message] = messages_of(response)
    assert message.startswith("Nothing was changed.")
    assert "Uncited" in message and "cites no source" in message


def test_an_event_of_a_draft_case_cannot_be_published(editor_client):
    event = EventFactory(state=DRAFT, case=CaseFactory(state=DRAFT))
    response = run_action(editor_client, "event", "publish_selected", [event])
    event.refresh_from_db()
    assert event.state == DRAFT
    assert "publish the case first" in messages_of(response)[0]


def test_a_curator_is_not_offered_the_publish_action(curator_client):
    EventFactory(state=DRAFT)
    response = curator_client.get(reverse("admin:cases_event_changelist"))
    assert response.status_code == 200
    assert "publish_selected" not in response.content.decode()


def test_a_curator_forging_the_publish_action_changes_nothing(curator_client):
    event = EventFactory(state=DRAFT)
    response = run_action(curator_client, "event", "publish_selected", [event])
    event.refresh_from_db()
    assert event.state == DRAFT
    assert response.status_code == 200


def test_a_curator_cannot_publish_through_the_change_form(curator_client):
    event = EventFactory(state=DRAFT, title="Draft title")
    data = event_form(event, state=PUBLISHED, title="Edited title")
    response = curator_client.post(reverse("admin:cases_event_change", args=[event.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event.refresh_from_db()
    assert event.title == "Edited title"
    assert event.state == DRAFT


def test_an_editor_unpublishes_testimony(editor_client):
    testimony = TestimonyFactory()
    run_action(editor_client, "testimony", "unpublish_selected", [testimony])
    testimony.refresh_from_db()
    assert testimony.state == DRAFT


def test_removing_the_last_citation_of_a_published_event_is_refused(editor_client):
    event = EventFactory()
    data = event_form(event, **{"citations-0-DELETE": "on"})
    response = editor_client.post(reverse("admin:cases_event_change", args=[event.pk]), data)
    assert response.status_code == 200
    assert "must cite at least one published source" in response.content.decode()
    assert event.citations.count() == 1


def test_the_last_citation_of_a_published_event_has_no_delete_page(editor_client):
    event = EventFactory()
    citation = event.citations.get()
    url = reverse("admin:cases_eventcitation_delete", args=[citation.pk])
    for refused in (editor_client.get(url), editor_client.post(url, {"post": "yes"})):
        assert refused.status_code == 302
        assert "must cite at least one published source" in messages_of(refused)[-1]
    assert event.citations.count() == 1
    event.citations.create(source=SourceFactory())
    assert editor_client.get(url).status_code == 200


def test_an_editor_deletes_a_published_event_with_its_citations(editor_client):
    event = EventFactory()
    url = reverse("admin:cases_event_delete", args=[event.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()


def test_a_curator_sees_a_published_event_read_only_and_edits_a_draft(curator_client):
    published = EventFactory(title="Published title")
    url = reverse("admin:cases_event_change", args=[published.pk])
    page = curator_client.get(url)
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()  # shown, not editable
    refused = curator_client.post(url, event_form(published, title="Sneaky edit"))
    assert refused.status_code == 403
    published.refresh_from_db()
    assert published.title == "Published title"

    draft = EventFactory(state=DRAFT, title="Draft title")
    url = reverse("admin:cases_event_change", args=[draft.pk])
    assert 'name="title"' in curator_client.get(url).content.decode()


def test_an_editor_edits_a_published_event(editor_client):
    event = EventFactory(title="Old")
    url = reverse("admin:cases_event_change", args=[event.pk])
    assert editor_client.post(url, event_form(event, title="New")).status_code == 302
    event.refresh_from_db()
    assert event.title == "New"
    assert event.state == PUBLISHED
