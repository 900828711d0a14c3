"""The messages alerts send, plain text and HTML (Django's email framework): the confirmation
of a request to follow, and an alert listing newly published entries. Every alert carries its
unsubscribe link in the body and in the RFC 8058 headers that mail clients turn into a
one-click "Unsubscribe" button."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from alerts.models import Subscription
from alerts.tokens import FollowRequest, confirm_token, unsubscribe_token
from cases.timeline.entries import Entry
from core.site import site_url


def _message(*, subject: str, to: str, template: str, context: dict, headers=None):
    text = render_to_string(f"alerts/email/{template}.txt", context)
    html = render_to_string(f"alerts/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.ALERTS_FROM_EMAIL,
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    return message


def confirmation(request: FollowRequest, target) -> EmailMultiAlternatives:
    """Asks the address's owner to confirm; nothing is sent to it again unless they do."""
    link = site_url(reverse("alerts:confirm", kwargs={"token": confirm_token(request)}))
    frequency = Subscription.Frequency(request.frequency).label
    context = {
        "target": target,
        "target_url": site_url(target.get_absolute_url()),
        "confirm_url": link,
        "frequency": frequency,
        "days": settings.ALERTS_CONFIRM_MAX_AGE // 86400,
    }
    return _message(
        subject=f"Confirm your alerts for {target}",
        to=request.email,
        template="confirm",
        context=context,
    )


def alert(
    subscription: Subscription, entries: list[Entry], *, more: bool
) -> EmailMultiAlternatives:
    """The newly published entries (newest first), each with its date, permalink and sources."""
    unsubscribe = site_url(
        reverse("alerts:unsubscribe", kwargs={"token": unsubscribe_token(subscription)})
    )
    items = [
        {
            "entry": entry,
            "url": site_url(entry.url),
            "kind": entry.kind,
            # Named unless it is the followed case itself (an MDL's alert names its members').
            "case_name": (
                entry.case.short_title
                if entry.case and entry.case.id != subscription.case_id
                else ""
            ),
            "sources": (
                [{"title": entry.title, "url": entry.source.url, "outlet": entry.source.outlet}]
                if entry.source
                else [{"title": c.title, "url": c.url, "outlet": c.outlet} for c in entry.citations]
            ),
        }
        for entry in entries
    ]
    target = subscription.target
    count = len(entries)
    context = {
        "subscription": subscription,
        "target": target,
        "target_url": site_url(target.get_absolute_url()),
        "items": items,
        "more": more,
        "unsubscribe_url": unsubscribe,
    }
    noun = "entry" if count == 1 else "entries"
    return _message(
        subject=f"{target}: {count}{'+' if more else ''} new {noun}",
        to=subscription.email,
        template="alert",
        context=context,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
