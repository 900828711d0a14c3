"""Celery tasks of alerts: thin wrappers over alerts.services. The beat schedule
(config.settings, CELERY_BEAT_SCHEDULE) runs `alerts.send_due` every few minutes for "as it
happens", daily and weekly for the digests."""

from __future__ import annotations

import smtplib

from celery import shared_task

from alerts import services
from alerts.models import Subscription
from alerts.tokens import FollowRequest


@shared_task(
    name="alerts.send_confirmation",
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def send_confirmation(email: str, kind: str, target_id: int, frequency: str) -> None:
    services.send_confirmation(FollowRequest(email, kind, target_id, frequency))


@shared_task(name="alerts.send_due", soft_time_limit=600, time_limit=660)
def send_due(frequency: str) -> int:
    if frequency not in Subscription.Frequency.values:
        raise ValueError(f"Unknown frequency {frequency!r}")
    return services.send_due(frequency)
