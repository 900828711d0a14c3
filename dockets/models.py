"""What the docket sync remembers: per case, its sync state and CourtListener's docket as
fetched; per CourtListener id, the event or source it became (so a re-sync updates instead of
duplicating)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from articles.models import Source
from cases.models import Case, Event


class DocketSync(models.Model):
    """The sync state of one case linked to a CourtListener docket."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="docket_sync")
    last_synced_at = models.DateTimeField(
        null=True, blank=True, help_text="When the last sync that succeeded finished."
    )
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(
        blank=True, help_text="Why the last sync failed (empty when it succeeded)."
    )
    last_report = models.TextField(
        blank=True, help_text="What the last successful sync did, and what it left to an editor."
    )
    publish_directly = models.BooleanField(
        default=False,
        help_text="Publish docket entries as they arrive instead of leaving drafts for review. "
        "Only an editor who may publish events can switch this on; the sync then publishes as "
        "that editor.",
    )
    publish_opted_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The editor who switched on direct publishing.",
    )
    docket = models.JSONField(
        default=dict,
        blank=True,
        help_text="CourtListener's docket as last fetched (its own field names).",
    )
    parties = models.JSONField(
        default=list,
        blank=True,
        help_text="Parties and attorneys as CourtListener lists them (when the token may read "
        "them).",
    )

    class Meta:
        verbose_name = "CourtListener docket sync"

    def __str__(self) -> str:
        return f"CourtListener sync of {self.case}"

    def get_absolute_url(self) -> str:
        return self.case.get_absolute_url()


class DocketEntryLink(models.Model):
    """CourtListener docket entry id → the event it became."""

    courtlistener_id = models.BigIntegerField(unique=True, help_text="CourtListener's entry id.")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="docket_entry_link")

    class Meta:
        ordering = ["courtlistener_id"]

    def __str__(self) -> str:
        return f"CourtListener entry {self.courtlistener_id} → {self.event_id}"

    def get_absolute_url(self) -> str:
        return self.event.get_absolute_url()


class RecapDocumentLink(models.Model):
    """CourtListener RECAP document id → the source that cites it."""

    courtlistener_id = models.BigIntegerField(
        unique=True, help_text="CourtListener's RECAP document id."
    )
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["courtlistener_id"]

    def __str__(self) -> str:
        return f"RECAP document {self.courtlistener_id} → {self.source_id}"

    def get_absolute_url(self) -> str:
        return self.source.get_absolute_url()
