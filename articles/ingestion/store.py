"""The fetch pipeline's writes: claim a source for one task, fetch, extract, analyse and
store its page in one transaction, and record retries and failures. The worker's task
(articles.ingestion.tasks.fetch_source) calls fetch_and_store."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.ingestion import analysis
from articles.ingestion.errors import FetchError, HTTPStatusError
from articles.ingestion.extraction import Extracted, ExtractionError, extract
from articles.ingestion.fetching import FetchedPage, fetch
from articles.models import (
    CaseSuggestion,
    Mention,
    Outlet,
    Source,
    Suggestion,
    TestimonyCandidate,
    quote_key,
)
from articles.urlnorm import normalize_url, url_host
from core.pagecache import public_data_changed

logger = logging.getLogger(__name__)
FetchState = Source.FetchState


def lease_seconds() -> int:
    return getattr(settings, "INGEST_FETCH_LEASE", settings.CELERY_TASK_TIME_LIMIT + 30)


def in_flight(source: Source) -> bool:
    """Queued or fetching recently enough that a fetch is surely on its way (a task lost with
    a flushed broker leaves the source QUEUED: after a lease and the longest retry delay, a new
    submission queues again)."""
    if source.fetch_state == FetchState.FETCHING:
        return _lease_is_fresh(source)
    # A retry waits up to INGEST_RETRY_BACKOFF_MAX before its task runs (record_retry marks
    # the time it was scheduled).
    wait = dt.timedelta(seconds=lease_seconds() + settings.INGEST_RETRY_BACKOFF_MAX)
    return source.fetch_state == FetchState.QUEUED and timezone.now() - source.updated_at < wait


def _lease_is_fresh(source: Source) -> bool:
    return bool(
        source.fetch_started_at
        and timezone.now() - source.fetch_started_at < dt.timedelta(seconds=lease_seconds())
    )


class Claim(NamedTuple):
    url: str
    content_hash: str  # of the text stored before this fetch ("" if never fetched)
    started_at: dt.datetime
    knowledge_version: tuple  # analysis.version_expressions(), read with the URL


def claim_fetch(source_id: int, task_id: str) -> Claim | None:
    """Take the fetch of a source for one task. Returns None when another task holds it.

    A task holds a source while it is FETCHING and its lease (the task time limit) runs. The
    same task id may take it again: a message redelivered after its worker died, or a retry.
    One conditional UPDATE decides, so two workers racing for a source cannot both win (the
    database locks the row and re-checks the condition for the second one). The query that
    follows reads the URL to fetch and, beside it, the version of the parties analysis will
    look for."""
    now = timezone.now()
    lease_start = now - dt.timedelta(seconds=lease_seconds())
    held_by_other = Q(fetch_state=FetchState.FETCHING, fetch_started_at__gt=lease_start) & ~Q(
        fetch_task_id=task_id
    )
    claimed = (
        Source.objects.filter(pk=source_id)
        .exclude(held_by_other)
        .update(fetch_state=FetchState.FETCHING, fetch_task_id=task_id, fetch_started_at=now)
    )
    if not claimed:
        return None
    versions = analysis.version_expressions()
    row = (
        Source.objects.filter(pk=source_id)
        .annotate(**versions)
        .values("url", "content_hash", *versions)
        .get()
    )
    return Claim(
        url=row["url"],
        content_hash=row["content_hash"],
        started_at=now,
        knowledge_version=tuple(row[name] for name in versions),
    )


@dataclass
class FetchOutcome:
    state: str
    error: str = ""
    retry: FetchError | None = None  # set when the caller should retry later

    @property
    def failed(self) -> bool:
        return self.state == FetchState.FAILED


def fetch_and_store(source_id: int, *, task_id: str, final_attempt: bool = True) -> FetchOutcome:
    """The whole pipeline for one source: claim, fetch, extract, analyse, store.

    Nothing is written to the source's content until everything succeeded, in one transaction.
    A retryable failure (network, 5xx) on a non-final attempt returns an outcome with `retry`
    set and leaves the source QUEUED with the reason; a final or permanent failure leaves it
    FAILED with the reason and its previous content untouched."""
    claim = claim_fetch(source_id, task_id)
    if claim is None:
        return FetchOutcome(state="skipped")
    try:
        page = _fetch_page(claim.url)
        if page.status >= 400:
            raise HTTPStatusError(status_message(page.status), status=page.status, url=page.url)
        extracted = extract(page.text(), page.url)
    except FetchError as exc:
        if exc.retryable and not final_attempt:
            record_retry(source_id, task_id=task_id, error=exc)
            return FetchOutcome(state=FetchState.QUEUED, error=str(exc), retry=exc)
        return record_failure(source_id, task_id=task_id, error=str(exc), status=exc.status)
    except ExtractionError as exc:
        return record_failure(source_id, task_id=task_id, error=str(exc), status=page.status)
    return store_extraction(source_id, task_id=task_id, page=page, extracted=extracted, claim=claim)


def _fetch_page(url: str) -> FetchedPage:
    """Fetch a source's URL. Normalization drops a final slash, which most sites redirect back
    to; for the few that answer 404 instead, the address with the slash is tried once."""
    page = fetch(url)
    parts = urlsplit(url)
    if page.status == 404 and not parts.path.endswith("/"):
        with_slash = urlunsplit(parts._replace(path=parts.path + "/"))
        retry = fetch(with_slash)
        if retry.status < 400:
            return retry
    return page


def status_message(status: int) -> str:
    if status in (404, 410):
        return f"The page is gone (HTTP {status}). Check the URL or look for an archived copy."
    if status in (401, 403):
        return f"The site refused access (HTTP {status}): paywalled or blocking robots."
    if status == 429:
        return "The site is rate-limiting us (HTTP 429); it will be tried again later."
    if status >= 500:
        return f"The site had a server error (HTTP {status})."
    return f"The site answered HTTP {status}."


def _locked_if_ours(source_id: int, task_id: str, *, defer: Sequence[str] = ()) -> Source | None:
    """The source, row-locked, if this task still holds its fetch (else another took over)."""
    try:  # get(), not first(): no ORDER BY by the model's ordering for a primary key lookup
        source = Source.objects.select_for_update().defer(*defer).get(pk=source_id)
    except Source.DoesNotExist:
        return None
    return source if source.fetch_task_id == task_id else None


def record_retry(source_id: int, *, task_id: str, error: FetchError) -> None:
    with transaction.atomic():
        source = _locked_if_ours(source_id, task_id)
        if source is None:
            return
        Source.objects.filter(pk=source.pk).update(
            fetch_state=FetchState.QUEUED,
            fetch_error=f"{error} Trying again shortly.",
            http_status=error.status,
            updated_at=timezone.now(),  # when the retry was scheduled: see in_flight
        )


def record_failure(
    source_id: int, *, task_id: str, error: str, status: int | None = None
) -> FetchOutcome:
    """Give up: the source is FAILED with a readable reason; its content stays as it was."""
    with transaction.atomic():
        source = _locked_if_ours(source_id, task_id)
        if source is None:
            return FetchOutcome(state="skipped")
        source.fetch_state = FetchState.FAILED
        source.fetch_error = error[:2000]
        source.http_status = status
        source._change_reason = "Fetch failed"
        source.save(update_fields=["fetch_state", "fetch_error", "http_status", "updated_at"])
    logger.info("Fetching source %s failed: %s", source_id, error)
    return FetchOutcome(state=FetchState.FAILED, error=error)


def outlet_for(url: str, site_name: str) -> Outlet | None:
    """The outlet of a URL's domain, created (named after the site) if new."""
    domain = url_host(url)
    if not domain:
        return None
    outlet, _ = Outlet.objects.get_or_create(
        domain=domain, defaults={"name": (site_name or domain)[:200]}
    )
    return outlet


def store_extraction(
    source_id: int,
    *,
    task_id: str,
    page: FetchedPage,
    extracted: Extracted,
    claim: Claim,
) -> FetchOutcome:
    """Write the fetched content and analysis in one transaction, if `task_id` still holds
    the fetch (else another task took it over, and nothing is written).

    Machine fields (text, hash, language, canonical URL, fetch metadata) are always updated;
    curated fields (title, authors, published date, summary, outlet) are filled only when
    empty, so a re-fetch never overwrites a curator's correction. A changed text sets
    text_changed_at and the source's history keeps the old text. Mentions, case suggestions
    and testimony candidates are replaced by what this text holds; a curator's decisions stay."""
    known = analysis.knowledge(claim.knowledge_version)
    mentions = analysis.find_mentions(extracted.text, known.matcher)
    quotes = analysis.find_quotes(extracted.text, known.matcher)
    cases = analysis.suggest_cases(extracted.text, mentions, known)
    now = timezone.now()
    with transaction.atomic():
        # The old text is not read: its history keeps it.
        source = _locked_if_ours(source_id, task_id, defer=["text"])
        if source is None:
            return FetchOutcome(state="skipped")
        first = not source.content_hash  # never stored: there are no suggestions to replace
        changed = not first and source.content_hash != extracted.content_hash
        curated = {
            "title": extracted.title,
            "authors": extracted.authors,
            "published_at": extracted.published_at,
            "summary": extracted.description,
        }
        for name, value in curated.items():
            if getattr(source, name) in ("", None):
                setattr(source, name, value)
        if source.outlet_id is None:
            source.outlet = outlet_for(source.url, extracted.site_name)
        source.text = extracted.text
        source.language = extracted.language
        source.content_hash = extracted.content_hash
        source.http_status = page.status
        source.fetched_at = source.updated_at = now
        source.fetch_state = FetchState.FETCHED
        source.fetch_error = ""
        fields = [
            *curated,
            "outlet",
            "text",
            "language",
            "content_hash",
            "http_status",
            "fetched_at",
            "updated_at",
            "fetch_state",
            "fetch_error",
        ]
        if extracted.canonical_url:
            source.canonical_url = _normalized_or_blank(extracted.canonical_url)
            fields.append("canonical_url")
        if changed:
            source.text_changed_at = now
            fields.append("text_changed_at")
        if first:
            reason = "Fetched"
        else:
            reason = "Fetched again: the text changed" if changed else "Fetched again"
        # simple-history's row for this save: the fetch's reason and time (and no user: the
        # worker acts for nobody).
        source._change_reason = reason
        source._history_date = now
        source.save(update_fields=fields)
        if source.is_published:  # its title, outlet or text as the public reads them
            public_data_changed()
        if not first:
            _drop_stale_suggestions(source_id, mentions, cases, quotes)
        _store_mentions(source_id, mentions)
        _store_case_suggestions(source_id, cases)
        _store_candidates(source_id, quotes)
    return FetchOutcome(state=FetchState.FETCHED)


def _normalized_or_blank(url: str) -> str:
    try:
        return normalize_url(url)
    except ValueError:
        return ""


def _drop_stale_suggestions(
    source_id: int,
    mentions: list[analysis.FoundMention],
    cases: list[analysis.FoundCase],
    quotes: list[analysis.FoundQuote],
) -> None:
    """On a fetch again: drop the mentions the text no longer has, and the pending case
    suggestions and testimony candidates it no longer points to. Decided ones stay (a
    curator's decision is kept; their details are refreshed by the inserts that follow)."""
    Mention.objects.filter(source_id=source_id).exclude(
        party_id__in=[m.party_id for m in mentions]
    ).delete()
    pending = {"source_id": source_id, "status": Suggestion.PENDING}
    CaseSuggestion.objects.filter(**pending).exclude(
        case_id__in=[c.case_id for c in cases]
    ).delete()
    kept = Q()
    for speaker_id, key in {(q.speaker_id, quote_key(q.quote)) for q in quotes}:
        kept |= Q(speaker_id=speaker_id, quote_key=key)
    stale = TestimonyCandidate.objects.filter(**pending)
    (stale.exclude(kept) if kept else stale).delete()


def _store_mentions(source_id: int, found: list[analysis.FoundMention]) -> None:
    Mention.objects.bulk_create(
        [
            Mention(
                source_id=source_id,
                party_id=m.party_id,
                count=m.count,
                matched_names=", ".join(sorted(m.names))[:300],
                excerpt=m.excerpt,
            )
            for m in found
        ],
        update_conflicts=True,
        unique_fields=["source", "party"],
        update_fields=["count", "matched_names", "excerpt"],
    )


def _store_case_suggestions(source_id: int, found: list[analysis.FoundCase]) -> None:
    """New cases become pending suggestions; a decided one keeps its status (its score and
    reason are refreshed)."""
    CaseSuggestion.objects.bulk_create(
        [
            CaseSuggestion(
                source_id=source_id,
                case_id=c.case_id,
                score=c.score,
                reason=c.reason[:300],
                by_title=c.by_title,
            )
            for c in found
        ],
        update_conflicts=True,
        unique_fields=["source", "case"],
        update_fields=["score", "reason", "by_title"],
    )


def _store_candidates(source_id: int, found: list[analysis.FoundQuote]) -> None:
    """New quotes become pending candidates; accepted and dismissed ones stay as they are
    (the unique constraint keeps one candidate per source, speaker and quote)."""
    TestimonyCandidate.objects.bulk_create(
        [
            TestimonyCandidate(
                source_id=source_id,
                speaker_id=q.speaker_id,
                quote=q.quote,
                quote_key=quote_key(q.quote),
                sentence=q.sentence,
                context=q.context,
                verb=q.verb[:30],
                position=q.position,
            )
            for q in found
        ],
        ignore_conflicts=True,
    )
