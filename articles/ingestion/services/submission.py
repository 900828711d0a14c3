"""Submitting sources: find the source a URL already is, register a new one, and queue a
fetch ("Fetch again"), sending the task only after the commit and marking the source failed
when the broker refuses it. The admin, the API and the `ingest` command call these."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Case as SQLCase
from django.db.models import Q, Value, When
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from articles.ingestion.store import in_flight
from articles.ingestion.tasks import fetch_source
from articles.models import Outlet, Source
from articles.urlnorm import normalize_url, url_host
from cases import rulebook
from cases.rulebook import Action
from core.publishing import PublicationState

logger = logging.getLogger(__name__)
FetchState = Source.FetchState
# States in which a new submission of the same URL does not queue another fetch.
IN_FLIGHT = (FetchState.QUEUED, FetchState.FETCHING)


@dataclass
class Submission:
    source: Source
    created: bool
    queued: bool


def find_known(url: str, *, excluding: Source | None = None) -> Source | None:
    """The source for an already normalized URL: the one stored under that URL, else one that
    declares it as its canonical URL (an AMP or print version of an article already known).
    Submissions and the API's writes both refuse a second source for what this finds."""
    if not url:
        return None
    exact_first = SQLCase(When(url=url, then=Value(0)), default=Value(1))
    known = Source.objects.filter(Q(url=url) | Q(canonical_url=url))
    if excluding is not None:
        known = known.exclude(pk=excluding.pk)
    return known.order_by(exact_first, "pk").first()


def known_outlet(url: str) -> Outlet | None:
    """The outlet already stored for the URL's domain, if any, given to a new source however
    it is created (a new site's outlet is created when its first page is fetched)."""
    domain = url_host(url)
    return Outlet.objects.filter(domain=domain).first() if domain else None


def submit_url(
    url: str,
    *,
    user: AbstractBaseUser | None = None,
    force: bool = False,
    enqueue: Callable[[int], None] | None = None,
) -> Submission:
    """Register `url` as a source (or find the one it already is) and queue a fetch.

    Raises urlnorm.InvalidURL with a readable message for a URL that cannot be a source. A known
    URL (after normalization) returns the existing source; it is fetched again only when it
    never was, when the last fetch failed, or with `force` ("Fetch again"). The fetch is queued
    after the transaction commits, so a worker always finds the row; QueueUnavailable when the
    broker does not take it (the source is then marked failed, with that reason).

    `user` is who submits (the admin and the API pass theirs; None is an operator's command):
    fetching a known published source again rewrites its title and text, which the rulebook
    leaves to editors."""
    normalized = normalize_url(url)
    created = False
    sender = _FetchSender(enqueue)
    with transaction.atomic():
        source = find_known(normalized)
        if source is None:
            try:
                with transaction.atomic():  # a savepoint: a racing submit may win the insert
                    source = Source.objects.create(
                        url=normalized,
                        outlet=known_outlet(normalized),
                        state=PublicationState.DRAFT,
                        fetch_state=FetchState.QUEUED,
                    )
                    created = True
            except IntegrityError:
                source = Source.objects.get(url=normalized)
        if created:
            transaction.on_commit(lambda pk=source.pk: sender.send(pk))
            queue = True
        else:
            if user is not None and _needs_fetch(source, force=force):
                rulebook.check(user, Action.CHANGE, source)
            source, queue = _queue_fetch(source.pk, force=force, enqueue=sender.send)
    sender.raise_if_unsent()
    return Submission(source=source, created=created, queued=queue)


def fetch_again(
    *source_ids: int, user: AbstractBaseUser, enqueue: Callable[[int], None] | None = None
) -> bool:
    """Queue a new fetch of these sources ("Fetch again"), unless one is on its way already:
    all or none. By primary key: a URL might also be another source's declared canonical URL.
    A fetch rewrites the title and text, so a published source is fetched again only by an
    editor. QueueUnavailable, after the commit, when the broker refused any."""
    sender = _FetchSender(enqueue)
    with transaction.atomic():
        for source in Source.objects.filter(pk__in=source_ids).defer("text"):
            rulebook.check(user, Action.CHANGE, source)
        queued = [_queue_fetch(pk, force=True, enqueue=sender.send)[1] for pk in source_ids]
    sender.raise_if_unsent()
    return any(queued)


def _queue_fetch(
    source_id: int, *, force: bool, enqueue: Callable[[int], None] | None
) -> tuple[Source, bool]:
    """Queue a fetch of a known source when it needs one: never fetched, failed, a fetch that
    looks lost, or `force`. In the caller's transaction; the task is sent after the commit."""
    source = Source.objects.select_for_update().get(pk=source_id)
    queue = _needs_fetch(source, force=force)
    if queue:
        # State bookkeeping goes through update(): it is not an edit worth a history entry.
        source.fetch_state = FetchState.QUEUED
        source.fetch_error = ""
        Source.objects.filter(pk=source.pk).update(
            fetch_state=FetchState.QUEUED, fetch_error="", updated_at=timezone.now()
        )
        transaction.on_commit(lambda pk=source.pk: (enqueue or _enqueue_fetch)(pk))
    return source, queue


def _needs_fetch(source: Source, *, force: bool) -> bool:
    """Never fetched, failed, a fetch that looks lost, or `force`."""
    stale = source.fetch_state in IN_FLIGHT and not in_flight(source)
    return force or stale or source.fetch_state in (FetchState.NOT_FETCHED, FetchState.FAILED)


def _enqueue_fetch(source_id: int) -> None:
    fetch_source.delay(source_id)


QUEUE_UNAVAILABLE = "Could not queue the fetch: the task broker is unavailable; try again shortly."


class QueueUnavailable(Exception):
    """The task broker did not take a fetch (down, or silent past CELERY_BROKER_TIMEOUT)."""


class _FetchSender:
    """Sends fetch tasks after the commit (through `enqueue`, else Celery) and remembers those
    the broker refused. Such a source must not stay QUEUED, promising a fetch that never comes
    (and making a new submission wait out the lease): it is marked failed with the reason."""

    def __init__(self, enqueue: Callable[[int], None] | None) -> None:
        self.enqueue = enqueue or _enqueue_fetch
        self.unsent: list[int] = []

    def send(self, source_id: int) -> None:
        try:
            self.enqueue(source_id)
        except BrokerError:
            logger.warning("Could not queue the fetch of source %s", source_id, exc_info=True)
            Source.objects.filter(pk=source_id, fetch_state=FetchState.QUEUED).update(
                fetch_state=FetchState.FAILED,
                fetch_error=QUEUE_UNAVAILABLE,
                updated_at=timezone.now(),
            )
            self.unsent.append(source_id)

    def raise_if_unsent(self) -> None:
        """After the caller's commit: QueueUnavailable if the broker refused a fetch. Inside a
        surrounding transaction the fetches go out when it commits, and a refusal shows only
        on the source."""
        if self.unsent:
            raise QueueUnavailable(QUEUE_UNAVAILABLE)
