"""The reader's path, end to end, through a real SMTP server on loopback: follow Musk v. OpenAI,
confirm, an editor publishes an entry, the alert arrives with its permalink, unsubscribe."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alerts import tasks
from alerts.models import Subscription
from cases import services
from core.publishing import PublicationState
from tests.alerts.conftest import SITE_URL, html_of, link_in, text_of
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db


def follow(client, case, *, email="reader@example.org", frequency="immediate"):
    data = {"email": email, "kind": "case", "slug": case.slug, "frequency": frequency}
    return client.post(reverse("alerts:follow"), data)


def confirm(client, message) -> None:
    path = link_in(message, "/alerts/confirm/")
    page = client.get(path)
    assert page.status_code == 200 and b"Confirm" in page.content
    assert not Subscription.objects.exists(), "opening the link alone confirms nothing"
    done = client.post(path)
    assert done.status_code == 200
    assert b"You follow Musk v. OpenAI" in done.content


def test_a_reader_follows_a_case_and_receives_what_an_editor_publishes(
    client, mailbox, musk_case, editor
):
    EventFactory(case=musk_case, title="Complaint filed")  # published before: never sent

    answer = follow(client, musk_case)

    assert answer.status_code == 200
    assert b"Check your inbox" in answer.content
    (confirmation,) = mailbox.messages
    assert confirmation["To"] == "reader@example.org"
    assert "Musk v. OpenAI" in confirmation["Subject"]
    assert "/alerts/confirm/" in html_of(confirmation)
    confirm(client, confirmation)
    mailbox.clear()

    draft = EventFactory(
        case=musk_case,
        title="Jury verdict for OpenAI",
        state=PublicationState.DRAFT,
        cite=SourceFactory(title="Jury sides with OpenAI", url="https://court.example/verdict"),
    )
    EventFactory(case=musk_case, title="Sealed draft", state=PublicationState.DRAFT)
    tasks.send_due.delay("immediate")
    assert mailbox.messages == [], "nothing is published yet"

    services.publish(obj=draft, user=editor)
    tasks.send_due.delay("immediate")

    (alert,) = mailbox.messages
    permalink = SITE_URL + draft.get_absolute_url()
    for body in (text_of(alert), html_of(alert)):
        assert permalink in body
        assert "Jury verdict for OpenAI" in body
        assert "https://court.example/verdict" in body
        assert "27 April 2026" in body
        assert "Sealed draft" not in body
        assert "Complaint filed" not in body
    unsubscribe_path = link_in(alert, "/alerts/unsubscribe/")
    # (A long header is folded onto a second line: unfolded, it starts with a space.)
    assert alert["List-Unsubscribe"].strip() == f"<{SITE_URL}{unsubscribe_path}>"
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    mailbox.clear()
    tasks.send_due.delay("immediate")
    assert mailbox.messages == [], "an entry is sent once"

    # A mail client's one-click unsubscribe: a POST with no cookie and no CSRF token.
    one_click = client.__class__(enforce_csrf_checks=True).post(
        unsubscribe_path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert one_click.status_code == 200
    assert not Subscription.objects.exists()
    services.publish(
        obj=EventFactory(case=musk_case, title="Appeal", state=PublicationState.DRAFT),
        user=editor,
    )
    tasks.send_due.delay("immediate")
    assert mailbox.messages == []


def test_a_daily_digest_lists_every_new_entry_in_one_message(client, mailbox, musk_case, editor):
    follow(client, musk_case, frequency="daily")
    confirm(client, mailbox.messages[0])
    mailbox.clear()
    for title in ("Hearing on motions", "Order on summary judgment"):
        event = EventFactory(case=musk_case, title=title, state=PublicationState.DRAFT)
        services.publish(obj=event, user=editor)

    tasks.send_due.delay("immediate")
    tasks.send_due.delay("weekly")
    assert mailbox.messages == [], "a daily subscription waits for the daily run"
    tasks.send_due.delay("daily")

    (digest,) = mailbox.messages
    assert "2 new entries" in digest["Subject"]
    assert "Hearing on motions" in text_of(digest)
    assert "Order on summary judgment" in html_of(digest)


def test_an_entry_unpublished_before_the_send_is_not_sent(client, mailbox, musk_case, editor):
    follow(client, musk_case)
    confirm(client, mailbox.messages[0])
    mailbox.clear()
    event = EventFactory(case=musk_case, title="Withdrawn", state=PublicationState.DRAFT)
    published = services.publish(obj=event, user=editor)
    services.unpublish(obj=published, user=editor)

    tasks.send_due.delay("immediate")

    assert mailbox.messages == []


def test_the_unsubscribe_page_asks_before_it_unsubscribes(client, mailbox, musk_case, editor):
    follow(client, musk_case)
    confirm(client, mailbox.messages[0])
    mailbox.clear()
    services.publish(
        obj=EventFactory(case=musk_case, title="Ruling", state=PublicationState.DRAFT),
        user=editor,
    )
    tasks.send_due.delay("immediate")
    path = link_in(mailbox.messages[0], "/alerts/unsubscribe/")

    page = client.get(path)

    assert page.status_code == 200
    assert b"Stop sending alerts about Musk v. OpenAI" in page.content
    assert Subscription.objects.count() == 1
    assert client.post(path).status_code == 200
    assert client.post(path).status_code == 200, "unsubscribing twice is harmless"
    assert not Subscription.objects.exists()
