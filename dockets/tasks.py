"""Celery tasks of the docket sync: thin, by primary key, with explicit names and time limits.
Throttling, 5xx and network trouble that outlast the client's own retries are retried later
with backoff and jitter; anything else is left on the case's sync state."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from articles.ingestion.tasks import backoff_with_jitter

from . import services
from .client import CourtListenerError

logger = logging.getLogger(__name__)


@shared_task(
    name="dockets.sync_docket",
    bind=True,
    max_retries=3,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT * 5,
    time_limit=settings.CELERY_TASK_TIME_LIMIT * 5,
)
def sync_docket(self, case_id: int) -> str:
    """Sync one case's docket; returns what it did, or the reason it did nothing."""
    try:
        return str(services.sync_case(case_id))
    except CourtListenerError as exc:
        if exc.retryable and self.request.retries < self.max_retries:
            raise self.retry(countdown=backoff_with_jitter(self.request.retries), exc=exc) from exc
        return str(exc)


@shared_task(name="dockets.sync_all", time_limit=60)
def sync_all() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE): queue a sync of every linked case."""
    case_ids = services.linked_cases()
    for case_id in case_ids:
        sync_docket.delay(case_id)
    logger.info("Queued the CourtListener sync of %d cases", len(case_ids))
    return len(case_ids)
