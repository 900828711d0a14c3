"""Issue 17's "done when", in one test: a reader follows Musk v. OpenAI by email, a program
registers a webhook for it, an editor publishes an entry, and both the reader's mailbox (a real
SMTP server on loopback) and the webhook receiver (a real HTTP server on loopback) get it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alerts import tasks as alert_tasks
from cases import services as case_services
from core.publishing import PublicationState
from tests.alerts.conftest import SITE_URL, link_in, text_of
from tests.factories import CaseFactory, EventFactory, SourceFactory
from webhooks import services as webhook_services
from webhooks.models import Endpoint

pytestmark = pytest.mark.django_db


def test_a_reader_and_a_webhook_both_receive_what_an_editor_publishes_on_musk_v_openai(
    client,
    mailbox,
    receiver,
    editor,
    stranger,
    django_capture_on_commit_callbacks,
):
    case = CaseFactory(short_title="Musk v. OpenAI", slug="musk-v-openai")
    # The reader follows the case and confirms the link the confirmation email carries.
    follow = {"email": "reader@example.org", "kind": "case", "slug": case.slug}
    assert (
        client.post(reverse("alerts:follow"), follow | {"frequency": "immediate"}).status_code
        == 200
    )
    (confirmation,) = mailbox.messages
    assert client.post(link_in(confirmation, "/alerts/confirm/")).status_code == 200
    mailbox.clear()
    # A program registers a webhook for the same case.
    endpoint = webhook_services.create_endpoint(
        owner=stranger, url=receiver.url, events=list(Endpoint.Event.values), cases=[case]
    )

    draft = EventFactory(
        case=case,
        title="Jury verdict for OpenAI",
        state=PublicationState.DRAFT,
        cite=SourceFactory(title="Jury sides with OpenAI", url="https://court.example/verdict"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        case_services.publish(obj=draft, user=editor)
    alert_tasks.send_due.delay("immediate")

    permalink = SITE_URL + draft.get_absolute_url()
    (alert,) = mailbox.messages
    assert alert["To"] == "reader@example.org"
    assert permalink in text_of(alert) and "Jury verdict for OpenAI" in text_of(alert)
    (delivery,) = receiver.received
    assert delivery.signed_with(endpoint.secret)
    assert delivery.json["event"] == "entry.published"
    assert delivery.json["entry"]["title"] == "Jury verdict for OpenAI"
    assert delivery.json["entry"]["case"]["slug"] == "musk-v-openai"
