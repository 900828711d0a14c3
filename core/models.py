"""The version of what the public can see: one row whose number goes up, in the same transaction,
with every change of public data. The page cache (core.pagecache) keys pages by it, so a page is
never served from before the change that made it stale."""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.utils import timezone

ROW = 1  # the one row


class PublicVersionQuerySet(models.QuerySet):
    def bump(self) -> None:
        """Count one change of public data. The UPDATE locks the row until the caller's
        transaction ends, so versions go up in commit order: a reader that sees the new number
        also sees the data that came with it."""
        now = timezone.now()
        if not self.filter(pk=ROW).update(number=F("number") + 1, changed_at=now):
            # The row is missing only in a database flushed after migrating (a test's flush).
            self.get_or_create(pk=ROW, defaults={"number": 1, "changed_at": now})

    def current(self) -> tuple[int, object]:
        """(number, changed_at) as committed now; (0, None) before the first change."""
        try:
            return self.values_list("number", "changed_at").get(pk=ROW)
        except PublicVersion.DoesNotExist:
            return (0, None)


class PublicVersion(models.Model):
    number = models.BigIntegerField(default=0, help_text="Changes of public data so far.")
    changed_at = models.DateTimeField(
        null=True, blank=True, help_text="When public data last changed."
    )

    objects = PublicVersionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=ROW),
                name="publicversion_one_row",
                violation_error_message="There is one public version row.",
            )
        ]

    def __str__(self) -> str:
        return f"Public version {self.number}"
