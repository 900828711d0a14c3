"""Signed deliveries to a real local receiver: the publish → webhook flow, retries, switching
off an endpoint that keeps failing, re-sending, and sending only what is public at send time."""

from __future__ import annotations

import datetime as dt

import pytest

from cases import services as cases_services
from cases.models import Change, EventCitation
from core.publishing import PublicationState
from tests.factories import PartyFactory, SourceFactory
from webhooks import services, tasks
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.usefixtures("fast_retries")

ALL_EVENTS = [choice.value for choice in Endpoint.Event]


def endpoint_for(user, url, **follow) -> Endpoint:
    return services.create_endpoint(owner=user, url=url, events=ALL_EVENTS, **follow)


def test_an_editor_publishing_an_entry_of_musk_v_openai_reaches_the_registered_webhook(
    musk, editor, stranger, receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(stranger, receiver.url, cases=[musk.case])
    with django_capture_on_commit_callbacks(execute=True):
        cases_services.publish(obj=musk.draft_event, user=editor)

    assert len(receiver.received) == 1
    delivery = receiver.received[0]
    assert delivery.signed_with(endpoint.secret)
    assert not delivery.signed_with("another secret")
    assert delivery.headers["X-Tracker-Event"] == "entry.published"
    assert delivery.json["event"] == "entry.published"
    assert delivery.json["entry"]["id"] == musk.draft_event.pk
    assert delivery.json["entry"]["title"] == "Musk takes the stand"
    assert delivery.json["entry"]["case"]["slug"] == "musk-v-openai"
    logged = Delivery.objects.get(endpoint=endpoint)
    assert (logged.status, logged.attempts, logged.response_code) == ("delivered", 1, 200)


def test_the_change_feed_records_publish_update_status_and_unpublish(musk, editor):
    cases_services.publish(obj=musk.draft_event, user=editor)
    musk.draft_event.title = "Musk testifies"
    cases_services.save(user=editor, obj=musk.draft_event)
    musk.case.status = "trial"
    cases_services.save(user=editor, obj=musk.case)
    cases_services.unpublish(obj=musk.draft_event, user=editor)

    kinds = list(Change.objects.values_list("kind", "model"))
    assert kinds == [
        ("published", "cases.event"),
        ("updated", "cases.event"),
        ("updated", "cases.case"),
        ("status_changed", "cases.case"),
        ("unpublished", "cases.event"),
    ]


def test_endpoints_match_by_party_and_topic_and_not_other_cases(
    musk, editor, stranger, receiver, django_capture_on_commit_callbacks
):
    by_party = endpoint_for(stranger, receiver.url, parties=[musk.musk])
    by_topic = endpoint_for(stranger, receiver.url, topics=[musk.topic])
    elsewhere = endpoint_for(stranger, receiver.url, cases=[musk.other_case])
    with django_capture_on_commit_callbacks(execute=True):
        cases_services.publish(obj=musk.draft_event, user=editor)

    assert Delivery.objects.filter(endpoint=by_party, status="delivered").count() == 1
    assert Delivery.objects.filter(endpoint=by_topic, status="delivered").count() == 1
    assert not Delivery.objects.filter(endpoint=elsewhere).exists()
    assert len(receiver.received) == 2


def test_a_failing_receiver_gets_retries_until_it_answers(musk, stranger, receiver):
    receiver.answers = [500, 503]
    endpoint = endpoint_for(stranger, receiver.url)
    delivery = services.create_test_delivery(endpoint)
    tasks.deliver.delay(delivery.pk)

    delivery.refresh_from_db()
    assert len(receiver.received) == 3
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 3, 200)
    assert all(received.signed_with(endpoint.secret) for received in receiver.received)


def test_an_endpoint_that_keeps_failing_is_switched_off_and_its_owner_told(
    musk, stranger, receiver, mailoutbox
):
    stranger.email = "dev@example.org"
    stranger.save()
    receiver.answers = [500] * 20
    endpoint = endpoint_for(stranger, receiver.url)
    for _ in range(2):
        tasks.deliver.delay(services.create_test_delivery(endpoint).pk)

    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert len(receiver.received) == 2 * 4  # the first attempt and three retries, twice
    assert Delivery.objects.filter(endpoint=endpoint, status="failed").count() == 2
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["dev@example.org"]
    assert endpoint.url in mailoutbox[0].subject
    # Switched off, it gets nothing more.
    tasks.deliver.delay(services.create_test_delivery(endpoint).pk)
    assert len(receiver.received) == 8


def test_a_delivery_can_be_sent_again(musk, stranger, receiver):
    endpoint = endpoint_for(stranger, receiver.url)
    delivery = services.create_test_delivery(endpoint)
    tasks.deliver.delay(delivery.pk)
    tasks.deliver.delay(services.resend(delivery).pk)

    delivery.refresh_from_db()
    assert len(receiver.received) == 2
    assert (delivery.status, delivery.attempts) == ("delivered", 2)


def test_an_entry_unpublished_before_sending_is_not_sent(
    musk, editor, stranger, receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(stranger, receiver.url, cases=[musk.case])
    with django_capture_on_commit_callbacks() as callbacks:
        cases_services.publish(obj=musk.draft_event, user=editor)
    type(musk.draft_event).objects.filter(pk=musk.draft_event.pk).update(
        state=PublicationState.DRAFT
    )
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()

    assert receiver.received == []
    assert Delivery.objects.get(endpoint=endpoint).status == "skipped"


def test_a_repeated_dispatch_sends_nothing_twice(
    musk, editor, stranger, receiver, django_capture_on_commit_callbacks
):
    endpoint_for(stranger, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        cases_services.publish(obj=musk.draft_event, user=editor)
        tasks.sweep.delay()
    assert len(receiver.received) == 1


def test_a_private_address_is_refused_when_private_networks_are_not_allowed(
    musk, stranger, receiver, settings
):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = False
    with pytest.raises(services.ValidationError) as refused:
        endpoint_for(stranger, receiver.url)
    assert "127.0.0.1" in str(refused.value)


def test_the_sweep_sends_a_delivery_whose_task_was_lost_but_not_old_changes_to_new_endpoints(
    musk, editor, stranger, receiver, django_capture_on_commit_callbacks
):
    cases_services.publish(obj=musk.draft_event, user=editor)  # its task never runs
    endpoint = endpoint_for(stranger, receiver.url)
    lost = services.create_test_delivery(endpoint)
    Delivery.objects.filter(pk=lost.pk).update(
        created_at=lost.created_at - dt.timedelta(minutes=15)
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sweep.delay()

    assert [received.json["event"] for received in receiver.received] == ["ping"]
    assert not Delivery.objects.filter(change__isnull=False).exists()


def test_a_published_rows_citations_and_roles_changing_is_one_update_in_the_change_feed(
    musk, editor
):
    cases_services.publish(obj=musk.draft_event, user=editor)
    event, case = musk.draft_event, musk.case
    Change.objects.all().delete()

    more = SourceFactory(url="https://example.org/more", title="More")
    cases_services.replace_citations(
        user=editor, entry=event, citations=[{"source": musk.source}, {"source": more}]
    )
    assert list(Change.objects.values_list("kind", "model", "object_id")) == [
        ("updated", "cases.event", event.pk)
    ]
    Change.objects.all().delete()

    # The admin's inline path: one citation saved, then deleted, through the services.
    third = EventCitation(event=event, source=SourceFactory(url="https://example.org/third"))
    cases_services.save(user=editor, obj=third)
    cases_services.delete(user=editor, obj=third)
    assert list(Change.objects.values_list("kind", "object_id")) == [
        ("updated", event.pk),
        ("updated", event.pk),
    ]
    Change.objects.all().delete()

    cases_services.replace_roles(
        user=editor,
        case=case,
        roles=[
            {"party": musk.musk, "role": "plaintiff"},
            {"party": PartyFactory(name="OpenAI"), "role": "defendant"},
        ],
    )
    assert list(Change.objects.values_list("kind", "model", "object_id")) == [
        ("updated", "cases.case", case.pk)
    ]
