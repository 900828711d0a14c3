"""A reader's confirmed wish to hear about one case, party or topic by email.

A row exists only once its address is confirmed (double opt-in): a request to follow is a
signed token sent to the address (alerts.tokens), so unconfirmed addresses are never stored.
Unsubscribing deletes the row.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Party, Topic


class SubscriptionQuerySet(models.QuerySet):
    def for_target(self, target: Case | Party | Topic) -> SubscriptionQuerySet:
        return self.filter(**{Subscription.field_for(target): target})


class Subscription(models.Model):
    class Kind(models.TextChoices):
        CASE = "case", _("Case")
        PARTY = "party", _("Party")
        TOPIC = "topic", _("Topic")

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("As it happens")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")

    email = models.EmailField(help_text="Where the alerts go; confirmed by the reader.")
    kind = models.CharField(
        max_length=5, choices=Kind.choices, help_text="What is followed: a case, party or topic."
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    frequency = models.CharField(
        max_length=9,
        choices=Frequency.choices,
        default=Frequency.DAILY,
        help_text="As it happens (checked every few minutes), or a daily or weekly digest.",
    )
    confirmed_at = models.DateTimeField(help_text="When the reader confirmed the address.")
    last_sent_at = models.DateTimeField(
        help_text="Entries made public after this moment go into the next message."
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="case", case__isnull=False, party=None, topic=None)
                | models.Q(kind="party", party__isnull=False, case=None, topic=None)
                | models.Q(kind="topic", topic__isnull=False, case=None, party=None),
                name="subscription_one_target",
                violation_error_message="A subscription follows exactly one case, party or topic.",
            ),
            *(
                models.UniqueConstraint(
                    fields=["email", field],
                    condition=models.Q(**{f"{field}__isnull": False}),
                    name=f"subscription_unique_{field}",
                )
                for field in ("case", "party", "topic")
            ),
        ]
        indexes = [
            # The beat tasks: the subscriptions of one frequency, oldest sent first.
            models.Index(fields=["frequency", "last_sent_at"], name="subscription_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.target} ({self.get_frequency_display()})"

    def get_absolute_url(self) -> str:
        return self.target.get_absolute_url()

    @staticmethod
    def field_for(target: Case | Party | Topic) -> str:
        return {Case: "case", Party: "party", Topic: "topic"}[type(target)]

    @property
    def target(self) -> Case | Party | Topic:
        return getattr(self, self.kind)
