"""Celery tasks of the webhooks: thin wrappers over webhooks.services. Named explicitly, so a
moved module never strands a queued message."""

from __future__ import annotations

import random

from celery import shared_task
from django.conf import settings
from django.db import transaction

from webhooks import services


def backoff_with_jitter(retries: int) -> float:
    """Exponential backoff with "equal jitter" (half fixed, half random)."""
    delay = min(settings.WEBHOOK_RETRY_BACKOFF_MAX, settings.WEBHOOK_RETRY_BACKOFF * (2**retries))
    return delay / 2 + random.uniform(0, delay / 2)


def queue_deliveries(delivery_ids: list[int]) -> None:
    """Queue one delivery task per id once the current transaction commits."""
    for delivery_id in delivery_ids:
        transaction.on_commit(lambda pk=delivery_id: deliver.delay(pk))


@shared_task(name="webhooks.dispatch_changes", soft_time_limit=50, time_limit=60)
def dispatch_changes(change_ids: list[int]) -> int:
    """Queued by cases.services (settings.CHANGE_FEED_TASKS) when changes commit."""
    with transaction.atomic():
        created = services.dispatch(change_ids)
        queue_deliveries(created)
    return len(created)


@shared_task(name="webhooks.sweep", soft_time_limit=100, time_limit=120)
def sweep() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE): dispatch the recent changes again (deliveries are made
    once per endpoint and change, so only the ones a lost task missed are sent), and queue the
    deliveries whose task was lost."""
    with transaction.atomic():
        queue_deliveries(services.stranded_delivery_ids())
    return dispatch_changes(services.recent_change_ids())


@shared_task(
    name="webhooks.deliver",
    bind=True,
    max_retries=None,  # bounded by WEBHOOK_MAX_RETRIES, read at run time
    soft_time_limit=60,
    time_limit=90,
)
def deliver(self, delivery_id: int) -> None:
    """One attempt of a delivery; retried with exponential backoff and jitter on failure."""
    final = self.request.retries >= settings.WEBHOOK_MAX_RETRIES
    if services.attempt(delivery_id, final=final):
        raise self.retry(countdown=backoff_with_jitter(self.request.retries))
