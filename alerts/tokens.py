"""Signed tokens in the links alerts send (django.core.signing with the site's SECRET_KEY): a
request to follow, confirmed by opening its link, and the unsubscribe link of a subscription.
No account and no stored secret: the signature is the proof."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from alerts.models import Subscription

CONFIRM_SALT = "alerts.confirm"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"


class BadToken(ValueError):
    """A link that was altered, cut short, or has expired; the message says what to do."""


@dataclass(frozen=True)
class FollowRequest:
    """What a reader asked to follow, carried by the confirmation link until they confirm."""

    email: str
    kind: str  # Subscription.Kind
    target_id: int
    frequency: str  # Subscription.Frequency


def confirm_token(request: FollowRequest) -> str:
    payload = {
        "e": request.email,
        "k": request.kind,
        "t": request.target_id,
        "f": request.frequency,
    }
    return signing.dumps(payload, salt=CONFIRM_SALT)


def read_confirm_token(token: str) -> FollowRequest:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.ALERTS_CONFIRM_MAX_AGE)
        request = FollowRequest(data["e"], data["k"], int(data["t"]), data["f"])
    except signing.SignatureExpired:
        raise BadToken(
            "This confirmation link has expired. Ask for alerts again from the page you "
            "wanted to follow."
        ) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise BadToken(
            "This confirmation link is not valid: copy the whole link from the message, or ask "
            "for alerts again."
        ) from None
    if (
        request.kind not in Subscription.Kind.values
        or request.frequency not in Subscription.Frequency.values
    ):
        raise BadToken("This confirmation link is not valid: ask for alerts again.")
    return request


def unsubscribe_token(subscription: Subscription) -> str:
    # The id only: the link ends up in logs, and an address there would be personal data.
    return signing.dumps({"s": subscription.pk}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> int:
    """The id of the subscription an unsubscribe link names. It never expires."""
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT)["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise BadToken(
            "This unsubscribe link is not valid: copy the whole link from the message."
        ) from None
