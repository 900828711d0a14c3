"""The webhooks admin: endpoints with their delivery log, "send a test event" and "re-send"."""

from __future__ import annotations

from django.urls import reverse

from webhooks import services
from webhooks.models import Delivery, Endpoint


def test_an_admin_registers_an_endpoint_and_sends_it_a_test_event(
    client, superuser, stranger, receiver, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    added = client.post(
        reverse("admin:webhooks_endpoint_add"),
        {
            "owner": stranger.pk,
            "url": receiver.url,
            "events": ["entry.published"],
            "is_active": "on",
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    endpoint = Endpoint.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:webhooks_endpoint_changelist"),
            {"action": "send_test_event", "_selected_action": [endpoint.pk]},
        )
    assert len(receiver.received) == 1 and receiver.received[0].signed_with(endpoint.secret)
    page = client.get(reverse("admin:webhooks_endpoint_change", args=[endpoint.pk]))
    assert "ping" in page.content.decode()


def test_the_admin_refuses_a_private_url_when_private_networks_are_not_allowed(
    client, superuser, stranger, receiver, settings
):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = False
    client.force_login(superuser)
    answer = client.post(
        reverse("admin:webhooks_endpoint_add"),
        {
            "owner": stranger.pk,
            "url": receiver.url,
            "events": ["entry.published"],
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
    )
    assert answer.status_code == 200
    assert "127.0.0.1" in answer.content.decode()
    assert not Endpoint.objects.exists()


def test_an_admin_resends_a_delivery(
    client, superuser, stranger, receiver, django_capture_on_commit_callbacks
):
    endpoint = services.create_endpoint(owner=stranger, url=receiver.url, events=["entry.updated"])
    delivery = services.create_test_delivery(endpoint)
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:webhooks_delivery_changelist"),
            {"action": "resend", "_selected_action": [delivery.pk]},
        )
    assert len(receiver.received) == 1
    assert Delivery.objects.get().status == "delivered"
