"""A webhook endpoint (where a program wants to hear about changes) and each delivery to it."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def new_secret() -> str:
    return secrets.token_hex(32)


class Endpoint(models.Model):
    class Event(models.TextChoices):
        PUBLISHED = "entry.published", _("An entry was published")
        UPDATED = "entry.updated", _("A published entry was changed")
        UNPUBLISHED = "entry.unpublished", _("An entry was unpublished or deleted")
        STATUS_CHANGED = "case.status_changed", _("A case's status changed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(
        max_length=2000,
        help_text="Where deliveries are POSTed: a public http(s) URL (private and loopback "
        "addresses are refused, as for ingestion).",
    )
    description = models.CharField(max_length=200, blank=True, help_text="A note for yourself.")
    events = ArrayField(
        models.CharField(max_length=30, choices=Event.choices),
        help_text="The events to deliver.",
    )
    cases = models.ManyToManyField(
        "cases.Case", blank=True, related_name="+", help_text="Follow these cases."
    )
    parties = models.ManyToManyField(
        "cases.Party",
        blank=True,
        related_name="+",
        help_text="Follow the cases these parties have a role in, and their testimony.",
    )
    topics = models.ManyToManyField(
        "cases.Topic",
        blank=True,
        related_name="+",
        help_text="Follow entries (and cases) with these topics. With no case, party or topic, "
        "the endpoint hears about every public change.",
    )
    secret = models.CharField(
        max_length=64,
        default=new_secret,
        editable=False,
        help_text="Signs each delivery (HMAC-SHA256); shown once, when the endpoint is created.",
    )
    is_active = models.BooleanField(
        default=True,
        help_text="Inactive endpoints get nothing; one that keeps failing is "
        "switched off and its owner told.",
    )
    consecutive_failures = models.PositiveIntegerField(
        default=0, editable=False, help_text="Deliveries given up in a row since the last success."
    )
    disabled_reason = models.CharField(
        max_length=500, blank=True, editable=False, help_text="Why it was switched off, if it was."
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was registered.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When it was last changed.")

    class Meta:
        ordering = ["pk"]
        indexes = [
            # The dispatcher's first filter: active endpoints.
            models.Index(fields=["is_active"], name="webhook_endpoint_active_idx"),
        ]

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return reverse("api:webhook-detail", kwargs={"pk": self.pk})


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending (being tried or waiting for a retry)")
        DELIVERED = "delivered", _("Delivered (the receiver answered 2xx)")
        FAILED = "failed", _("Failed (given up after every retry)")
        SKIPPED = "skipped", _("Skipped (no longer public at send time, or endpoint off)")

    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries", help_text="Sent to."
    )
    change = models.ForeignKey(
        "cases.Change",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The change delivered; empty for a test event.",
    )
    event = models.CharField(max_length=30, help_text="The event name sent, or 'ping'.")
    payload = models.JSONField(
        null=True, blank=True, help_text="The JSON body last sent (built at send time)."
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, help_text="Where it stands."
    )
    attempts = models.PositiveIntegerField(default=0, help_text="Requests made so far.")
    response_code = models.PositiveIntegerField(
        null=True, blank=True, help_text="The HTTP status of the last answer, if any."
    )
    error = models.CharField(max_length=1000, blank=True, help_text="Why the last attempt failed.")
    duration_ms = models.PositiveIntegerField(
        null=True, blank=True, help_text="How long the last attempt took, in milliseconds."
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was queued.")
    last_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was last tried."
    )
    delivered_at = models.DateTimeField(
        null=True, blank=True, help_text="When the endpoint accepted it (2xx)."
    )

    class Meta:
        ordering = ["-pk"]
        constraints = [
            # A change is delivered to an endpoint once (re-sends reuse the row), so the
            # dispatcher and its sweep may both see a change without sending it twice.
            models.UniqueConstraint(
                fields=["endpoint", "change"],
                condition=models.Q(change__isnull=False),
                name="webhook_delivery_once_per_change",
            )
        ]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse(
            "api:webhook-delivery-detail", kwargs={"pk": self.endpoint_id, "delivery": self.pk}
        )
