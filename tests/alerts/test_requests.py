"""Asking to follow: the same answer for everyone, rate limits, clear 4xx for bad input and bad
links, 503 when the mail queue is down, and the "Follow" form the pages include."""

from __future__ import annotations

import pytest
from celery import Celery
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from alerts.models import Subscription
from config.celery import app as project_app
from core.publishing import PublicationState
from tests.alerts.conftest import link_in, text_of
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def ask(client, slug="musk-v-openai", *, email="reader@example.org", ip="127.0.0.1", **fields):
    data = {"email": email, "kind": "case", "slug": slug, "frequency": "daily", **fields}
    return client.post(reverse("alerts:follow"), data, REMOTE_ADDR=ip)


def confirm(client, message):
    return client.post(link_in(message, "/alerts/confirm/"))


def test_an_address_that_already_follows_gets_the_same_answer_and_message(
    client, mailbox, musk_case
):
    first = ask(client)
    confirm(client, mailbox.messages[0])
    again = ask(client)

    assert first.status_code == again.status_code == 200
    assert b"Check your inbox" in again.content
    assert len(mailbox.messages) == 2
    # The two confirmations differ only in their link (a new signature).
    one, two = (text_of(m).split("/alerts/confirm/")[0] for m in mailbox.messages)
    assert one == two
    assert mailbox.messages[0]["Subject"] == mailbox.messages[1]["Subject"]


def test_confirming_again_changes_the_frequency_without_a_second_subscription(
    client, mailbox, musk_case
):
    ask(client)
    confirm(client, mailbox.messages[0])
    ask(client, frequency="weekly")
    confirm(client, mailbox.messages[1])

    (subscription,) = Subscription.objects.all()
    assert subscription.frequency == Subscription.Frequency.WEEKLY


def test_requests_past_the_rate_from_one_address_are_refused_with_429(
    client, mailbox, musk_case, settings
):
    settings.ALERTS_FOLLOW_RATE = "2/h"

    answers = [ask(client, email=f"reader{n}@example.org").status_code for n in range(3)]

    assert answers == [200, 200, 429]
    assert len(mailbox.messages) == 2
    assert ask(client, email="other@example.org", ip="10.0.0.9").status_code == 200


def test_one_email_address_cannot_be_flooded_with_confirmations(client, mailbox, musk_case):
    answers = [ask(client, ip=f"10.0.0.{n}").status_code for n in range(4)]

    assert answers == [200, 200, 200, 429]
    assert len(mailbox.messages) == 3


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"email": "not an address"}, 400),
        ({"kind": "court"}, 400),
        ({"frequency": "hourly"}, 400),
        ({"slug": "no-such-case"}, 404),
        ({"kind": "topic"}, 404),  # musk-v-openai is a case, not a topic
    ],
)
def test_bad_requests_to_follow_are_refused_with_a_reason_and_send_nothing(
    client, mailbox, musk_case, data, status
):
    answer = ask(client, **data)

    assert answer.status_code == status
    assert mailbox.messages == []


def test_a_draft_case_cannot_be_followed(client, mailbox):
    CaseFactory(slug="secret", state=PublicationState.DRAFT)

    assert ask(client, "secret").status_code == 404
    assert mailbox.messages == []


def test_following_needs_a_post(client, musk_case):
    assert client.get(reverse("alerts:follow")).status_code == 405


def test_an_altered_or_expired_confirmation_link_is_refused_with_a_reason(
    client, mailbox, musk_case, settings
):
    ask(client)
    path = link_in(mailbox.messages[0], "/alerts/confirm/")

    altered = client.post(path.replace("/confirm/", "/confirm/x"))
    settings.ALERTS_CONFIRM_MAX_AGE = -1
    expired = client.post(path)

    assert altered.status_code == 400 and b"not valid" in altered.content
    assert expired.status_code == 400 and b"expired" in expired.content
    assert not Subscription.objects.exists()


def test_a_confirmation_link_for_a_case_unpublished_since_is_refused(client, mailbox, musk_case):
    ask(client)
    musk_case.state = PublicationState.DRAFT
    musk_case.save(update_fields=["state"])

    answer = confirm(client, mailbox.messages[0])

    assert answer.status_code == 400
    assert not Subscription.objects.exists()


def test_an_altered_unsubscribe_link_is_refused_with_a_reason(client):
    answer = client.post(reverse("alerts:unsubscribe", kwargs={"token": "eyJzIjoxfQ:abc:def"}))

    assert answer.status_code == 400
    assert b"not valid" in answer.content


def test_with_the_mail_queue_down_asking_to_follow_answers_503(client, musk_case, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nobody listens there
    app = Celery("alerts-broker-down-test")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.set_current()
    try:
        answer = ask(client)
    finally:
        project_app.set_current()
        app.close()

    assert answer.status_code == 503
    assert b"try again in a few minutes" in answer.content
    assert answer["Retry-After"]


def test_the_follow_form_posts_the_kind_and_slug_it_is_given(client, mailbox, musk_case):
    request = RequestFactory().get("/cases/musk-v-openai/")
    html = render_to_string(
        "alerts/follow_form.html",
        {"follow_kind": "case", "follow_slug": "musk-v-openai"},
        request=request,
    )

    assert f'action="{reverse("alerts:follow")}"' in html
    assert 'name="kind" value="case"' in html
    assert 'name="slug" value="musk-v-openai"' in html
    # No CSRF token: the pages holding the form are cached for every reader (core.pagecache).
    assert "csrfmiddlewaretoken" not in html
    for frequency in Subscription.Frequency.values:
        assert f'value="{frequency}"' in html
