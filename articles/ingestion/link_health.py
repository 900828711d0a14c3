"""Link health: which published sources are due for a check, and recording what their
address answers now (articles.ingestion.tasks.check_links runs it on Celery beat)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from articles.ingestion.errors import FetchError, NetworkError
from articles.ingestion.fetching import FetchedPage, fetch
from articles.ingestion.store import status_message
from articles.models import Source
from core.pagecache import public_data_changed

# Statuses that mean the page is gone for good, not a bad moment.
GONE_STATUSES = frozenset({404, 410, 451})


def sources_due_for_link_check(limit: int) -> list[tuple[int, str]]:
    """Published sources not checked for INGEST_LINK_CHECK_EVERY_HOURS, oldest check first.
    Uses the (state, link_checked_at) index."""
    cutoff = timezone.now() - dt.timedelta(hours=settings.INGEST_LINK_CHECK_EVERY_HOURS)
    return list(
        Source.objects.published()
        .filter(Q(link_checked_at__isnull=True) | Q(link_checked_at__lt=cutoff))
        .order_by(F("link_checked_at").asc(nulls_first=True), "id")
        .values_list("id", "url")[:limit]
    )


def record_link_check(source_id: int, *, fetcher: Callable[..., FetchedPage] = fetch) -> Source:
    """Check one source's link and record the answer.

    Dead means gone for good: 404, 410, 451, or a host name that no longer exists. Then
    link_dead_since is set (kept from the first failing check). Any answer below 400 clears it.
    Passing trouble (timeouts, 5xx, 429, refusals) is recorded but neither kills nor revives
    the link."""
    source = Source.objects.only("id", "url").get(pk=source_id)
    status: int | None = None
    error = ""
    gone = False
    try:
        page = fetcher(source.url, read_body=False)
        status = page.status
        gone = status in GONE_STATUSES
        if status >= 400:
            error = status_message(status)
    except NetworkError as exc:
        error = str(exc)
        gone = exc.name_not_found
    except FetchError as exc:
        error = str(exc)
        status = exc.status
    now = timezone.now()
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source_id)
        source.link_checked_at = now
        source.link_status = status
        source.link_error = error[:300]
        fields = ["link_checked_at", "link_status", "link_error"]
        if gone and source.link_dead_since is None:
            source.link_dead_since = now
            source._change_reason = "Link found dead"
        elif status is not None and status < 400 and source.link_dead_since is not None:
            source.link_dead_since = None
            source._change_reason = "Link answers again"
        else:  # no change worth a history entry: a plain UPDATE
            Source.objects.filter(pk=source.pk).update(**{f: getattr(source, f) for f in fields})
            return source
        source.save(update_fields=[*fields, "link_dead_since", "updated_at"])
        if source.is_published:  # pages mark its links dead, or no longer
            public_data_changed()
    return source
