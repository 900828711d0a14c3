"""Celery tasks of the ingestion pipeline: thin wrappers that take primary keys and call the
ingestion services (store, link_health). Safety comes from the settings (acks_late,
redelivery on worker loss, time limits) and from the services (a fetch lease per source,
unique constraints on suggestions). The names are explicit, so moving a module never strands
a queued message."""

from __future__ import annotations

import logging
import random
from collections import defaultdict

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from articles.ingestion import link_health, store
from articles.models import Source
from articles.urlnorm import url_host

logger = logging.getLogger(__name__)


def backoff_with_jitter(retries: int) -> float:
    """Exponential backoff with "equal jitter": half the delay fixed, half random, so a burst
    of failures against one site does not come back all at the same moment."""
    delay = min(settings.INGEST_RETRY_BACKOFF_MAX, settings.INGEST_RETRY_BACKOFF * (2**retries))
    return delay / 2 + random.uniform(0, delay / 2)


@shared_task(
    name="articles.fetch_source",
    bind=True,
    max_retries=None,  # bounded by INGEST_MAX_RETRIES below, read at run time
    soft_time_limit=settings.INGEST_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.INGEST_TASK_TIME_LIMIT,
)
def fetch_source(self, source_id: int) -> str:
    """Fetch, extract, analyse and store one source; retry network trouble and 5xx."""
    task_id = self.request.id or f"local-{source_id}"
    final = self.request.retries >= settings.INGEST_MAX_RETRIES
    try:
        outcome = store.fetch_and_store(source_id, task_id=task_id, final_attempt=final)
    except SoftTimeLimitExceeded:
        store.record_failure(
            source_id,
            task_id=task_id,
            error="Fetching took longer than the task time limit; try “Fetch again” later.",
        )
        return Source.FetchState.FAILED
    except Exception:
        # A bug or a page nobody foresaw: the source must not stay "fetching" with no word
        # until its lease runs out. The curator reads a reason; the log keeps the traceback.
        logger.exception("Fetching source %s failed unexpectedly", source_id)
        store.record_failure(
            source_id,
            task_id=task_id,
            error="An unexpected error stopped the fetch (the worker's log has the details); "
            "try “Fetch again” later or add the source by hand.",
        )
        return Source.FetchState.FAILED
    if outcome.retry is not None:
        raise self.retry(countdown=backoff_with_jitter(self.request.retries), exc=outcome.retry)
    return outcome.state


@shared_task(
    name="articles.check_link",
    soft_time_limit=settings.INGEST_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.INGEST_TASK_TIME_LIMIT,
)
def check_link(source_id: int) -> int | None:
    """Check one published source's link and record its status."""
    return link_health.record_link_check(source_id).link_status


@shared_task(name="articles.check_links", time_limit=60)
def check_links() -> int:
    """Periodic (Celery beat, CELERY_BEAT_SCHEDULE): queue link checks for the published sources
    checked longest ago, spaced per host by INGEST_LINK_CHECK_HOST_DELAY seconds so no site gets
    more than one request from us at a time. Returns how many were queued."""
    due = link_health.sources_due_for_link_check(settings.INGEST_LINK_CHECK_BATCH)
    per_host: dict[str, int] = defaultdict(int)
    for source_id, url in due:
        host = url_host(url)
        countdown = per_host[host] * settings.INGEST_LINK_CHECK_HOST_DELAY
        per_host[host] += 1
        check_link.apply_async((source_id,), countdown=countdown)
    logger.info("Queued %d link checks on %d hosts", len(due), len(per_host))
    return len(due)
