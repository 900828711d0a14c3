"""The admin lists readers' subscriptions to those allowed to see them, and adds none."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.models import Subscription
from tests.factories import CaseFactory, PartyFactory, TopicFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:alerts_subscription_changelist")


@pytest.fixture
def subscriptions():
    now = timezone.now()
    targets = [CaseFactory(short_title="Musk v. OpenAI"), PartyFactory(), TopicFactory()]
    return [
        Subscription.objects.create(
            email=f"reader{n}@example.org",
            kind=Subscription.field_for(target),
            confirmed_at=now,
            last_sent_at=now,
            **{Subscription.field_for(target): target},
        )
        for n, target in enumerate(targets)
    ]


def test_a_superuser_sees_every_subscription_in_five_queries(
    client, superuser, subscriptions, django_assert_num_queries
):
    client.force_login(superuser)
    # Session, user, the count, the page with its case, party and topic joined: not one a row.
    with django_assert_num_queries(5):
        page = client.get(CHANGELIST)

    assert page.status_code == 200
    for subscription in subscriptions:
        assert subscription.email.encode() in page.content
    assert b"Musk v. OpenAI" in page.content
    assert client.get(reverse("admin:alerts_subscription_add")).status_code == 403


def test_a_curator_without_the_permission_cannot_see_subscriptions(curator_client, subscriptions):
    assert curator_client.get(CHANGELIST).status_code == 403
