"""Sources (news articles, court documents, transcripts, press releases, posts) and outlets."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import format_partial_date, year_range_error
from core.publishing import Publishable, PublishableQuerySet, publishable_constraints
from core.search import WithoutDocument, search_document

from .urlnorm import MAX_URL_LENGTH, InvalidURL, normalize_url


class Outlet(models.Model):
    name = models.CharField(max_length=200, help_text="E.g. 'Techlusive'.")
    domain = models.CharField(
        max_length=255, unique=True, help_text="Host without 'www.', e.g. 'techlusive.in'."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cases:search") + f"?outlet={self.domain}"


def placed_at() -> Coalesce:
    """Where a source stands in time: its publication, or, when the publication date is
    unknown, when it was first seen here (the row's creation). Never null. Timelines order
    sources by it (the index source_state_placed_idx is on the same expression)."""
    return Coalesce("published_at", "created_at")


class SourceQuerySet(PublishableQuerySet):
    def dead_links(self):
        return self.filter(link_dead_since__isnull=False)

    def placed(self):
        """Alias `placed_at` (see placed_at()): what timelines order and bound sources by."""
        return self.alias(placed_at=placed_at())


class FetchState(models.TextChoices):
    """Where ingestion is with a source (Source.FetchState)."""

    NOT_FETCHED = "not_fetched", _("Not fetched")
    QUEUED = "queued", _("Queued")
    FETCHING = "fetching", _("Fetching")
    FETCHED = "fetched", _("Fetched")
    FAILED = "failed", _("Failed")


class Source(Publishable):
    class Kind(models.TextChoices):
        NEWS_ARTICLE = "news_article", _("News article")
        COURT_DOCUMENT = "court_document", _("Court document")
        TRANSCRIPT = "transcript", _("Transcript")
        PRESS_RELEASE = "press_release", _("Press release")
        POST = "post", _("Post")
        OTHER = "other", _("Other")

    # Defined at module level so Meta's constraints can name it; Source.FetchState as usual.
    FetchState = FetchState

    url = models.URLField(
        max_length=MAX_URL_LENGTH,
        unique=True,
        help_text="Normalized on save: lower-case host, no tracking parameters, no fragment.",
    )
    canonical_url = models.URLField(
        max_length=MAX_URL_LENGTH,
        blank=True,
        help_text="The canonical URL the page declares, if any.",
    )
    title = models.CharField(max_length=500, blank=True)
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="sources"
    )
    authors = models.CharField(
        max_length=500, blank=True, help_text="Bylines, separated by commas."
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the source was published (not when we found it). Leave empty when "
        "neither the page nor the research gives it: timelines then place the source at the "
        "day it was first seen here and say the publication date is unknown.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS_ARTICLE)
    summary = models.TextField(
        blank=True, help_text="What the source reports, in a sentence or two."
    )
    text = models.TextField(blank=True, help_text="The main text, extracted when fetched.")
    language = models.CharField(max_length=12, blank=True)
    cases = models.ManyToManyField(
        "cases.Case",
        blank=True,
        related_name="reporting_sources",
        help_text="Cases this source reports on: a published source appears on their timelines.",
    )

    # Fetch metadata, filled by ingestion (articles.ingestion).
    fetch_state = models.CharField(
        max_length=12, choices=FetchState.choices, default=FetchState.NOT_FETCHED, db_index=True
    )
    fetch_error = models.TextField(blank=True, help_text="Why the last fetch failed, if it did.")
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the extracted text."
    )
    text_changed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a re-fetch last found different text."
    )
    link_checked_at = models.DateTimeField(null=True, blank=True)
    link_status = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="HTTP status of the last link check."
    )
    link_dead_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when link checks start failing; cleared when it answers.",
    )
    link_error = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why the last link check failed (no HTTP answer, or a status that means gone).",
    )
    # A fetch is claimed by one task at a time (a lease): see
    # articles.ingestion.services.store.claim_fetch.
    fetch_task_id = models.CharField(
        max_length=64, blank=True, editable=False, help_text="The task that last claimed a fetch."
    )
    fetch_started_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When that task claimed the fetch."
    )

    # The text counts only up to 100,000 characters (migration articles/0003 says why).
    search_document = search_document(
        (("title",), "A"), (("summary",), "B"), (("authors",), "C"), (("text",), "D")
    )

    objects = WithoutDocument.from_queryset(SourceQuerySet)()
    history = HistoricalRecords(
        excluded_fields=[
            "made_public_at",
            "updated_at",
            "search_document",
            "link_checked_at",
            "fetch_task_id",
            "fetch_started_at",
        ]
    )

    class Meta:
        ordering = ["-published_at", "id"]
        permissions = [("publish_source", "Can publish and unpublish sources")]
        constraints = [
            *publishable_constraints("source"),
            models.CheckConstraint(
                condition=models.Q(fetch_state__in=FetchState.values),
                name="source_fetch_state_valid",
                violation_error_message="Unknown fetch state.",
            ),
            # A fetch in progress is held by one task since a known time (the lease).
            models.CheckConstraint(
                condition=~models.Q(fetch_state=FetchState.FETCHING)
                | (~models.Q(fetch_task_id="") & models.Q(fetch_started_at__isnull=False)),
                name="source_fetching_has_task",
                violation_error_message="A fetch in progress needs its task id and start time.",
            ),
        ]
        indexes = [
            # Link checks pick published sources not checked for the longest time.
            models.Index(fields=["state", "link_checked_at"], name="source_link_check_idx"),
            # Source lists order by publication date.
            models.Index(fields=["state", "published_at"], name="source_state_published_idx"),
            # Timelines order and bound a scope's sources by placed_at() (publication, or
            # first seen when it is unknown).
            models.Index("state", placed_at(), name="source_state_placed_idx"),
            # Submitting a URL also looks it up among the canonical URLs pages declared.
            models.Index(fields=["canonical_url"], name="source_canonical_url_idx"),
            # The review queue (cases.admin.queue): drafts submitted for review, oldest first.
            models.Index(
                fields=["submitted_at"],
                condition=models.Q(submitted_at__isnull=False),
                name="source_submitted_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    def get_absolute_url(self) -> str:
        return reverse("cases:source-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.url:
            try:
                self.url = normalize_url(self.url)
            except InvalidURL as exc:
                errors["url"] = str(exc)
        # The years every other date of the tracker keeps to (a typo such as 0202 or 9999
        # would sort the source to either end of every list).
        if problem := year_range_error(self.published_at):
            errors["published_at"] = problem
        if errors:
            raise ValidationError(errors)

    @property
    def outlet_name(self) -> str:
        return self.outlet.name if self.outlet_id else ""

    @property
    def publication_date_known(self) -> bool:
        """False when neither the page nor the research gave a publication date: the source
        is then shown at `created_at`, the day it was first seen here."""
        return self.published_at is not None

    @property
    def is_link_dead(self) -> bool:
        return self.link_dead_since is not None

    @property
    def link_health_display(self) -> str:
        """'link dead since 3 May 2026' when link checks find the page gone, else ''.

        Templates and the admin show this next to the link so readers know to look for an
        archived copy."""
        if self.link_dead_since is None:
            return ""
        day = timezone.localtime(self.link_dead_since).date()
        return f"link dead since {format_partial_date(day, 'day')}"


class Mention(models.Model):
    """A known party named in a source's text: a suggestion found by ingestion."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="mentions")
    party = models.ForeignKey(
        "cases.Party", on_delete=models.CASCADE, related_name="source_mentions"
    )
    count = models.PositiveIntegerField(
        default=1, help_text="How many times the text names the party (name or alias)."
    )
    matched_names = models.CharField(
        max_length=300, blank=True, help_text="The names as they appear in the text, e.g. 'Musk'."
    )
    excerpt = models.CharField(
        max_length=400, blank=True, help_text="The text around the first mention."
    )

    class Meta:
        ordering = ["-count", "party__name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "party"], name="mention_unique_party")
        ]

    def __str__(self) -> str:
        return f"{self.party} in {self.source} (×{self.count})"

    def get_absolute_url(self) -> str:
        return self.source.get_absolute_url()


class Suggestion(models.TextChoices):
    """What a curator decided about something ingestion proposed."""

    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DISMISSED = "dismissed", _("Dismissed")


class CaseSuggestion(models.Model):
    """A case the parties mentioned in a source point to; accepting it links the source."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="case_suggestions")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="source_suggestions"
    )
    score = models.PositiveSmallIntegerField(
        default=0, help_text="How many of the case's parties the source mentions."
    )
    reason = models.CharField(max_length=300, help_text="Why ingestion suggests this case.")
    by_title = models.BooleanField(
        default=False, help_text="The text names the case by its title (e.g. 'Musk v. OpenAI')."
    )
    status = models.CharField(
        max_length=10, choices=Suggestion.choices, default=Suggestion.PENDING, db_index=True
    )

    class Meta:
        ordering = ["-score", "case__short_title"]
        constraints = [
            models.UniqueConstraint(fields=["source", "case"], name="casesuggestion_unique_case"),
            models.CheckConstraint(
                condition=models.Q(status__in=Suggestion.values),
                name="casesuggestion_status_valid",
                violation_error_message="The status must be pending, accepted or dismissed.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.case}"

    def get_absolute_url(self) -> str:
        return self.source.get_absolute_url()


def quote_key(quote: str) -> str:
    """A fixed-size key for a quote, so a unique constraint works whatever its length."""
    return hashlib.sha256(" ".join(quote.split()).casefold().encode()).hexdigest()


class TestimonyCandidateQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Suggestion.PENDING)


class TestimonyCandidate(models.Model):
    """A quoted passage in a source attributed to a known party: testimony a curator can accept
    (into a draft Testimony citing the source) or dismiss."""

    __test__ = False  # not a pytest test class despite the name

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="testimony_candidates"
    )
    speaker = models.ForeignKey(
        "cases.Party",
        on_delete=models.CASCADE,
        related_name="testimony_candidates",
        help_text="The known party the source attributes the quote to.",
    )
    quote = models.TextField(help_text="The quoted words exactly as the source prints them.")
    quote_key = models.CharField(
        max_length=64, editable=False, help_text="quote_key(quote): the quote's identity."
    )
    sentence = models.TextField(help_text="The sentence around the quote, for context.")
    context = models.TextField(
        blank=True, help_text="The question put to the speaker just before, when the source has it."
    )
    verb = models.CharField(
        max_length=30, blank=True, help_text="How the source attributes it: said, answered…"
    )
    position = models.PositiveIntegerField(
        default=0, help_text="Where the quote starts in the source's text (characters)."
    )
    status = models.CharField(
        max_length=10, choices=Suggestion.choices, default=Suggestion.PENDING, db_index=True
    )
    testimony = models.ForeignKey(
        "cases.Testimony",
        null=True,
        blank=True,
        # An accepted candidate always has its testimony (a constraint): deleting a testimony
        # through cases.services returns its candidates to review first; a cascade from a
        # deleted case takes them along (a new fetch of the source proposes them again).
        on_delete=models.CASCADE,
        related_name="candidates",
        help_text="The testimony this candidate was accepted into.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TestimonyCandidateQuerySet.as_manager()

    class Meta:
        ordering = ["source", "position"]
        constraints = [
            # Two workers analysing the same text never propose the same quote twice.
            models.UniqueConstraint(
                fields=["source", "speaker", "quote_key"], name="testimonycandidate_unique_quote"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Suggestion.values),
                name="testimonycandidate_status_valid",
                violation_error_message="The status must be pending, accepted or dismissed.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Suggestion.ACCEPTED) | models.Q(testimony__isnull=False),
                name="testimonycandidate_accepted_has_testimony",
                violation_error_message="An accepted candidate names the testimony it became.",
            ),
        ]
        indexes = [
            # The admin's review queue: pending candidates, newest first.
            models.Index(fields=["status", "created_at"], name="candidate_status_idx"),
        ]

    def __str__(self) -> str:
        quote = self.quote if len(self.quote) <= 60 else self.quote[:57] + "…"
        return f"{self.speaker}: “{quote}”"

    def get_absolute_url(self) -> str:
        return self.source.get_absolute_url()
