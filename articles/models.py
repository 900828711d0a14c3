"""Sources (news articles, court documents, transcripts, press releases, posts) and outlets."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Publishable, PublishableQuerySet

from .urlnorm import InvalidURL, normalize_url


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


class SourceQuerySet(PublishableQuerySet):
    def dead_links(self):
        return self.filter(link_dead_since__isnull=False)


class Source(Publishable):
    class Kind(models.TextChoices):
        NEWS_ARTICLE = "news_article", _("News article")
        COURT_DOCUMENT = "court_document", _("Court document")
        TRANSCRIPT = "transcript", _("Transcript")
        PRESS_RELEASE = "press_release", _("Press release")
        POST = "post", _("Post")
        OTHER = "other", _("Other")

    class FetchState(models.TextChoices):
        NOT_FETCHED = "not_fetched", _("Not fetched")
        QUEUED = "queued", _("Queued")
        FETCHING = "fetching", _("Fetching")
        FETCHED = "fetched", _("Fetched")
        FAILED = "failed", _("Failed")

    url = models.URLField(
        max_length=2000,
        unique=True,
        help_text="Normalized on save: lower-case host, no tracking parameters, no fragment.",
    )
    canonical_url = models.URLField(
        max_length=2000, blank=True, help_text="The canonical URL the page declares, if any."
    )
    title = models.CharField(max_length=500, blank=True)
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="sources"
    )
    authors = models.CharField(
        max_length=500, blank=True, help_text="Bylines, separated by commas."
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the source was published (not when we found it)."
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

    # Fetch metadata, filled by ingestion (articles.tasks).
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

    objects = SourceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["made_public_at", "updated_at", "link_checked_at"])

    class Meta:
        ordering = ["-published_at", "id"]
        permissions = [("publish_source", "Can publish and unpublish sources")]
        indexes = [
            # Link checks pick published sources not checked for the longest time.
            models.Index(fields=["state", "link_checked_at"], name="source_link_check_idx"),
            # Source lists order by publication date.
            models.Index(fields=["state", "published_at"], name="source_state_published_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    def get_absolute_url(self) -> str:
        return reverse("cases:source-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.url:
            try:
                self.url = normalize_url(self.url)
            except InvalidURL as exc:
                raise ValidationError({"url": str(exc)}) from exc

    @property
    def outlet_name(self) -> str:
        return self.outlet.name if self.outlet_id else ""
