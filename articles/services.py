"""Ingestion writes: submit a URL, claim and store a fetch, record failures, accept or dismiss
what ingestion suggests, and record link checks.

Tasks (articles.tasks) and the admin, API and `ingest` command call these; none of them holds
business rules of its own.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case as SQLCase
from django.db.models import F, Q, Value, When
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from cases import rulebook
from cases import services as case_services
from cases.models import Case, PublicationState, Testimony, TestimonyCitation
from cases.rulebook import Action

from . import analysis
from .extraction import Extracted, ExtractionError, extract
from .fetching import FetchedPage, FetchError, HTTPStatusError, NetworkError, fetch
from .models import (
    CaseSuggestion,
    Mention,
    Outlet,
    Source,
    Suggestion,
    TestimonyCandidate,
    quote_key,
)
from .urlnorm import normalize_url, url_host

logger = logging.getLogger(__name__)
FetchState = Source.FetchState
# States in which a new submission of the same URL does not queue another fetch.
IN_FLIGHT = (FetchState.QUEUED, FetchState.FETCHING)


# --- Submitting ------------------------------------------------------------------------------


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
    stale = source.fetch_state in IN_FLIGHT and not _in_flight(source)
    return force or stale or source.fetch_state in (FetchState.NOT_FETCHED, FetchState.FAILED)


def _enqueue_fetch(source_id: int) -> None:
    from .tasks import fetch_source  # tasks import services: import here to avoid a cycle

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


# --- Fetching --------------------------------------------------------------------------------


def _lease_seconds() -> int:
    return getattr(settings, "INGEST_FETCH_LEASE", settings.CELERY_TASK_TIME_LIMIT + 30)


def _in_flight(source: Source) -> bool:
    """Queued or fetching recently enough that a fetch is surely on its way (a task lost with
    a flushed broker leaves the source QUEUED: after a lease and the longest retry delay, a new
    submission queues again)."""
    if source.fetch_state == FetchState.FETCHING:
        return _lease_is_fresh(source)
    # A retry waits up to INGEST_RETRY_BACKOFF_MAX before its task runs (record_retry marks
    # the time it was scheduled).
    wait = dt.timedelta(seconds=_lease_seconds() + settings.INGEST_RETRY_BACKOFF_MAX)
    return source.fetch_state == FetchState.QUEUED and timezone.now() - source.updated_at < wait


def _lease_is_fresh(source: Source) -> bool:
    return bool(
        source.fetch_started_at
        and timezone.now() - source.fetch_started_at < dt.timedelta(seconds=_lease_seconds())
    )


class Claim(NamedTuple):
    url: str
    content_hash: str  # of the text stored before this fetch ("" if never fetched)
    started_at: dt.datetime
    knowledge_version: tuple  # analysis.version_columns(), read in the same statement


def claim_fetch(source_id: int, task_id: str) -> Claim | None:
    """Take the fetch of a source for one task. Returns None when another task holds it.

    A task holds a source while it is FETCHING and its lease (the task time limit) runs. The
    same task id may take it again: a message redelivered after its worker died, or a retry.
    One conditional UPDATE decides, so two workers racing for a source cannot both win (the
    database locks the row and re-checks the condition for the second one). The same statement
    returns the URL to fetch and the version of the parties analysis will look for (RETURNING,
    in PostgreSQL and SQLite alike): this runs once per page, and the ORM's UPDATE, SELECT and
    the version's SELECT took three times as long."""
    now = timezone.now()
    ops, q = connection.ops, connection.ops.quote_name
    held_by_other = (
        f"{q('fetch_state')} = %s AND {q('fetch_task_id')} <> %s"
        f" AND {q('fetch_started_at')} IS NOT NULL AND {q('fetch_started_at')} > %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {q(Source._meta.db_table)} SET {q('fetch_state')} = %s,"
            f" {q('fetch_task_id')} = %s, {q('fetch_started_at')} = %s"
            f" WHERE {q('id')} = %s AND NOT ({held_by_other})"
            f" RETURNING {', '.join([q('url'), q('content_hash'), *analysis.version_columns()])}",
            [
                FetchState.FETCHING,
                task_id,
                ops.adapt_datetimefield_value(now),
                source_id,
                FetchState.FETCHING,
                task_id,
                ops.adapt_datetimefield_value(now - dt.timedelta(seconds=_lease_seconds())),
            ],
        )
        row = cursor.fetchone()
    if not row:
        return None
    return Claim(url=row[0], content_hash=row[1], started_at=now, knowledge_version=tuple(row[2:]))


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
            raise HTTPStatusError(_status_message(page.status), status=page.status, url=page.url)
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


def _status_message(status: int) -> str:
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
            updated_at=timezone.now(),  # when the retry was scheduled: see _in_flight
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


# --- Curators' decisions ---------------------------------------------------------------------


def link_to_case(*, user: AbstractBaseUser, source: Source, case: Case) -> None:
    """Put the source on the case's timeline (shown once both are published). When both are
    published already that changes what the public sees: the rulebook asks for an editor."""
    if not source.cases.filter(pk=case.pk).exists():
        rulebook.check(user, Action.ADD, Source.cases.through(source=source, case=case))
        source.cases.add(case)


def _link_or_suggest(*, user: AbstractBaseUser, source: Source, case: Case) -> None:
    """Link the source to the case, or, where only an editor may, leave the link as a case
    suggestion for an editor to accept."""
    link = Source.cases.through(source=source, case=case)
    if rulebook.allows(user, Action.ADD, link):
        link_to_case(user=user, source=source, case=case)
        CaseSuggestion.objects.filter(source=source, case=case).update(status=Suggestion.ACCEPTED)
    else:
        CaseSuggestion.objects.update_or_create(
            source=source,
            case=case,
            defaults={"status": Suggestion.PENDING},
            create_defaults={"reason": "Testimony from this source was accepted for this case."},
        )


def candidate_case(candidate: TestimonyCandidate) -> Case | None:
    """The case a candidate belongs to when there is no doubt: the source's only linked case;
    else the only suggested case the text names by title; else the only suggested case.
    None means the curator must pick (the accept form asks)."""
    linked = list(candidate.source.cases.all()[:2])
    if len(linked) == 1:
        return linked[0]
    if linked:
        return None
    suggested = list(
        CaseSuggestion.objects.filter(source=candidate.source)
        .exclude(status=Suggestion.DISMISSED)
        .select_related("case")
    )
    named = [s for s in suggested if s.by_title]
    if len(named) == 1:
        return named[0].case
    return suggested[0].case if len(suggested) == 1 else None


@transaction.atomic
def accept_candidate(
    candidate: TestimonyCandidate,
    *,
    user: AbstractBaseUser,
    case: Case | None = None,
    date: dt.date | None = None,
    setting: str = "",
) -> Testimony:
    """Turn a candidate into a DRAFT testimony citing its source, with the source's wording.

    If the same witness's identical statement is already testimony in that case (another outlet
    reported it first), the source is added as a further citation instead: that is
    corroboration, not a second statement. Raises ValidationError when the case is unclear."""
    rulebook.check(user, Action.CHANGE, candidate)
    rulebook.check(user, Action.ADD, Testimony)
    candidate = (
        TestimonyCandidate.objects.select_for_update()
        .select_related("source", "speaker")
        .get(pk=candidate.pk)
    )
    if candidate.status == Suggestion.ACCEPTED and candidate.testimony_id:
        return candidate.testimony
    case = case or candidate_case(candidate)
    if case is None:
        raise ValidationError(
            "Pick the case this statement was made in: the source is linked to several cases "
            "or none, so it cannot be chosen automatically."
        )
    source = candidate.source
    testimony = (
        Testimony.objects.filter(
            case=case, witness=candidate.speaker, excerpt__iexact=candidate.quote
        )
        .order_by("id")
        .first()
    )
    if testimony is None:
        when = date or timezone.localtime(source.published_at or timezone.now()).date()
        testimony = Testimony(
            case=case,
            witness=candidate.speaker,
            date=when,
            setting=setting or Testimony.Setting.TRIAL,
            excerpt=candidate.quote,
            is_verbatim=True,
            context=candidate.context,
            state=PublicationState.DRAFT,
        )
        testimony.full_clean()
        case_services.save(
            user=user,
            obj=testimony,
            reason=f"Accepted from a candidate in source #{source.pk}",
        )
    if not testimony.citations.filter(source=source).exists():
        # Corroborating published testimony changes what the public sees: an editor's call.
        citation = TestimonyCitation(testimony=testimony, source=source, wording=candidate.quote)
        case_services.save(user=user, obj=citation)
    _link_or_suggest(user=user, source=source, case=case)
    candidate.status = Suggestion.ACCEPTED
    candidate.testimony = testimony
    candidate.decided_by = user
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "testimony", "decided_by", "decided_at"])
    return testimony


def dismiss_candidate(candidate: TestimonyCandidate, *, user: AbstractBaseUser) -> None:
    rulebook.check(user, Action.CHANGE, candidate)
    TestimonyCandidate.objects.filter(pk=candidate.pk, status=Suggestion.PENDING).update(
        status=Suggestion.DISMISSED, decided_by=user, decided_at=timezone.now()
    )


def decide_case_suggestion(
    suggestion: CaseSuggestion, *, user: AbstractBaseUser, accept: bool
) -> None:
    """Accepting links the source to the case (it then shows on the case's timeline once both
    are published); dismissing hides the suggestion."""
    rulebook.check(user, Action.CHANGE, suggestion)
    with transaction.atomic():
        if accept:
            link_to_case(user=user, source=suggestion.source, case=suggestion.case)
        CaseSuggestion.objects.filter(pk=suggestion.pk).update(
            status=Suggestion.ACCEPTED if accept else Suggestion.DISMISSED
        )


# --- Link health -----------------------------------------------------------------------------

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
            error = _status_message(status)
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
    return source
