"""The change feed: one row per change of public data, written by cases.services in the same
transaction as the change itself (an outbox).

Readers of the feed (webhooks now, email alerts later) take the rows they have not handled yet,
each keeping its own cursor (the last `Change.pk` or `at` it handled), and decide at send time
what is still public: a row says *that* something changed, never what the public may see.
`cases.services` queues the tasks named in settings.CHANGE_FEED_TASKS with the new rows' ids
when the transaction commits.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Change(models.Model):
    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Published")
        UPDATED = "updated", _("Updated while published")
        UNPUBLISHED = "unpublished", _("Unpublished (or deleted while published)")
        STATUS_CHANGED = "status_changed", _("Case status changed")

    kind = models.CharField(max_length=20, choices=Kind.choices, help_text="What happened.")
    model = models.CharField(
        max_length=100,
        help_text="The changed row's model label, e.g. 'cases.event', 'cases.case', "
        "'articles.source'.",
    )
    object_id = models.PositiveBigIntegerField(help_text="The changed row's id.")
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
        help_text="The case the row belongs to (the case itself for a case; empty for a "
        "source, which may report on several).",
    )
    at = models.DateTimeField(default=timezone.now, help_text="When the change was made.")

    class Meta:
        ordering = ["pk"]
        indexes = [
            # Consumers read "the changes since my cursor", oldest first.
            models.Index(fields=["at"], name="change_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.model} #{self.object_id}"
