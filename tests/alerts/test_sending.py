"""What goes into an alert: the entries of a party's or a topic's timeline made public since the
last message, never a draft; and a message the mail server refused is sent on the next run."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from alerts import services
from alerts.models import Subscription
from cases import services as case_services
from core.publishing import PublicationState
from tests.alerts.conftest import SITE_URL, free_port, html_of, text_of
from tests.factories import (
    CaseFactory,
    CaseRoleFactory,
    EventFactory,
    PartyFactory,
    TestimonyFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db
DRAFT = PublicationState.DRAFT


def subscribe(target, frequency=Subscription.Frequency.IMMEDIATE) -> Subscription:
    kind = Subscription.field_for(target)
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    return Subscription.objects.create(
        email="reader@example.org",
        kind=kind,
        frequency=frequency,
        confirmed_at=an_hour_ago,
        last_sent_at=an_hour_ago,
        **{kind: target},
    )


def test_a_party_alert_lists_their_testimony_and_their_cases_events(mailbox, editor):
    musk = PartyFactory(name="Elon Musk", slug="elon-musk")
    case = CaseFactory(short_title="Musk v. OpenAI")
    CaseRoleFactory(case=case, party=musk)
    subscribe(musk)
    statement = TestimonyFactory(case=case, witness=musk, excerpt="I gave them money.", state=DRAFT)
    event = EventFactory(case=case, title="Closing arguments", state=DRAFT)
    EventFactory(title="Another case's hearing", state=DRAFT)
    for entry in (statement, event):
        case_services.publish(obj=entry, user=editor)

    assert services.send_due(Subscription.Frequency.IMMEDIATE) == 1

    (alert,) = mailbox.messages
    body = text_of(alert)
    assert SITE_URL + statement.get_absolute_url() in body
    assert SITE_URL + event.get_absolute_url() in body
    assert "(Musk v. OpenAI)" in body, "entries across cases name their case"
    assert "Another case's hearing" not in body


def test_a_topic_alert_lists_tagged_entries_and_never_a_draft(mailbox, editor):
    topic = TopicFactory(name="Model distillation", slug="model-distillation")
    subscribe(topic, Subscription.Frequency.WEEKLY)
    tagged = EventFactory(title="Distillation ruling", state=DRAFT)
    tagged.topics.add(topic)
    draft = EventFactory(title="Still a draft", state=DRAFT)
    draft.topics.add(topic)
    in_draft_case = EventFactory(title="In a draft case", case=CaseFactory(state=DRAFT))
    in_draft_case.topics.add(topic)
    case_services.publish(obj=tagged, user=editor)

    services.send_due(Subscription.Frequency.WEEKLY)

    (alert,) = mailbox.messages
    for body in (text_of(alert), html_of(alert)):
        assert "Distillation ruling" in body
        assert "Still a draft" not in body
        assert "In a draft case" not in body


def test_an_entry_public_for_less_than_the_settle_time_waits_for_the_next_run(
    mailbox, editor, settings
):
    settings.ALERTS_SETTLE_SECONDS = 60
    case = CaseFactory()
    subscribe(case)
    case_services.publish(obj=EventFactory(case=case, state=DRAFT), user=editor)

    services.send_due(Subscription.Frequency.IMMEDIATE)
    assert mailbox.messages == []

    services.send_due(
        Subscription.Frequency.IMMEDIATE, now=timezone.now() + dt.timedelta(minutes=2)
    )
    assert len(mailbox.messages) == 1


def test_a_message_the_mail_server_refused_is_sent_on_the_next_run(mailbox, editor, settings):
    case = CaseFactory()
    subscription = subscribe(case)
    event = EventFactory(case=case, title="Scheduling order", state=DRAFT)
    case_services.publish(obj=event, user=editor)
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nobody listens there

    assert services.send_due(Subscription.Frequency.IMMEDIATE) == 0
    before = subscription.last_sent_at
    subscription.refresh_from_db()
    assert subscription.last_sent_at == before, "it keeps its place"

    settings.EMAIL_PORT = port
    assert services.send_due(Subscription.Frequency.IMMEDIATE) == 1
    assert "Scheduling order" in text_of(mailbox.messages[0])


def test_an_mdl_alert_lists_its_member_cases_entries(mailbox, editor):
    lead = CaseFactory(short_title="In re OpenAI Copyright Litigation")
    member = CaseFactory(short_title="Authors Guild v. OpenAI", consolidated_into=lead)
    subscribe(lead)
    event = EventFactory(case=member, title="Complaint filed", state=DRAFT)
    case_services.publish(obj=event, user=editor)

    assert services.send_due(Subscription.Frequency.IMMEDIATE) == 1

    body = text_of(mailbox.messages[0])
    assert SITE_URL + event.get_absolute_url() in body
    assert "Complaint filed" in body
    assert "Complaint filed (Authors Guild v. OpenAI)" in body  # the member's entry names it


def test_a_case_alert_does_not_repeat_the_followed_case_s_name(mailbox, editor):
    case = CaseFactory(short_title="Musk v. OpenAI")
    subscribe(case)
    event = EventFactory(case=case, title="Verdict", state=DRAFT)
    case_services.publish(obj=event, user=editor)

    assert services.send_due(Subscription.Frequency.IMMEDIATE) == 1

    body = text_of(mailbox.messages[0])
    assert "Verdict" in body
    assert "Verdict (Musk v. OpenAI)" not in body
