"""The writes of alerts: confirm a request to follow, unsubscribe, and send what is due.

A request to follow stores nothing: its confirmation link carries it (alerts.tokens), and only
opening that link creates the subscription. Whether an address already follows something is
never told to whoever asks: every request gets the same answer and the same confirmation
message, and confirming again only changes the frequency.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from alerts import emails
from alerts.models import Subscription
from alerts.selectors import MAX_ENTRIES, new_entries, public_target
from alerts.tokens import BadToken, FollowRequest

logger = logging.getLogger(__name__)


def send_confirmation(request: FollowRequest) -> None:
    """Mail the confirmation link, if what the request follows is still public."""
    target = public_target(request.kind, pk=request.target_id)
    if target is None:
        return
    emails.confirmation(request, target).send()


def confirm(request: FollowRequest) -> Subscription:
    """Create (or update the frequency of) the subscription a confirmed link asks for.
    Raises BadToken if its case, party or topic is no longer public."""
    target = public_target(request.kind, pk=request.target_id)
    if target is None:
        raise BadToken("What this link follows is no longer published on the site.")
    now = timezone.now()
    with transaction.atomic():
        subscription, created = Subscription.objects.select_for_update().get_or_create(
            email=request.email,
            **{request.kind: target},
            defaults={
                "kind": request.kind,
                "frequency": request.frequency,
                "confirmed_at": now,
                "last_sent_at": now,
            },
        )
        if not created and subscription.frequency != request.frequency:
            subscription.frequency = request.frequency
            subscription.save(update_fields=["frequency"])
    return subscription


def unsubscribe(*, subscription_id: int) -> None:
    """Delete the subscription an unsubscribe link names; again is harmless."""
    Subscription.objects.filter(pk=subscription_id).delete()


def send_due(frequency: str, *, now: dt.datetime | None = None) -> int:
    """Send every subscription of `frequency` the entries made public since its last message;
    returns how many messages went out.

    Entries are read up to ALERTS_SETTLE_SECONDS ago, so one published in a transaction that
    commits a moment later is not skipped. A subscription whose message could not be sent keeps
    its position and is tried again on the next run.
    """
    until = (now or timezone.now()) - dt.timedelta(seconds=settings.ALERTS_SETTLE_SECONDS)
    due = (
        Subscription.objects.filter(frequency=frequency, last_sent_at__lt=until)
        .select_related("case", "party", "topic")
        .order_by("last_sent_at", "pk")
    )
    sent = 0
    connection = get_connection()  # opened at the first message, then reused for the run
    try:
        for subscription in due.iterator(chunk_size=200):
            entries = new_entries(subscription, since=subscription.last_sent_at, until=until)
            if entries:
                message = emails.alert(
                    subscription, entries[:MAX_ENTRIES], more=len(entries) > MAX_ENTRIES
                )
                message.connection = connection
                try:
                    connection.open()  # no-op when already open
                    message.send()
                except (smtplib.SMTPException, OSError):
                    logger.warning(
                        "Alert to subscription %s not sent; retried on the next run",
                        subscription.pk,
                        exc_info=True,
                    )
                    connection.close()
                    continue
                sent += 1
            Subscription.objects.filter(pk=subscription.pk).update(last_sent_at=until)
    finally:
        connection.close()
    return sent
