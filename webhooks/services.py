"""Webhook writes and deliveries: register and change endpoints (owner-scoped), turn the change
feed into deliveries for the endpoints that follow the change, make one attempt of a delivery,
re-send one, and switch off an endpoint that keeps failing (telling its owner)."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from cases.models import Change
from webhooks import payloads, sending
from webhooks.models import Delivery, Endpoint

MAX_FOLLOWED = 50  # cases, parties or topics one endpoint may follow, each

EVENT_OF_KIND = {
    Change.Kind.PUBLISHED: Endpoint.Event.PUBLISHED,
    Change.Kind.UPDATED: Endpoint.Event.UPDATED,
    Change.Kind.UNPUBLISHED: Endpoint.Event.UNPUBLISHED,
    Change.Kind.STATUS_CHANGED: Endpoint.Event.STATUS_CHANGED,
}


# --- Endpoints ---------------------------------------------------------------------------------


def check_url(url: str) -> None:
    """ValidationError when `url` may not be a webhook target (the ingestion SSRF guard)."""
    sending.vet_url(url)


def _check(endpoint: Endpoint, followed: dict[str, list]) -> None:
    errors: dict[str, list[str]] = {}
    try:
        check_url(endpoint.url)
    except ValidationError as exc:
        errors["url"] = exc.messages
    if not endpoint.events:
        errors["events"] = ["Choose at least one event."]
    for name, values in followed.items():
        if values is not None and len(values) > MAX_FOLLOWED:
            errors[name] = [f"At most {MAX_FOLLOWED} {name} per endpoint; register another."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_endpoint(*, owner, url: str, events: list[str], description: str = "", cases=(),
                    parties=(), topics=()) -> Endpoint:  # fmt: skip
    """Register an endpoint for `owner` (at most WEBHOOK_MAX_ENDPOINTS each)."""
    if Endpoint.objects.filter(owner=owner).count() >= settings.WEBHOOK_MAX_ENDPOINTS:
        raise ValidationError(
            f"You have {settings.WEBHOOK_MAX_ENDPOINTS} endpoints, the most one user may have: "
            "delete one first, or follow more with one endpoint."
        )
    endpoint = Endpoint(owner=owner, url=url, events=sorted(set(events)), description=description)
    followed = {"cases": list(cases), "parties": list(parties), "topics": list(topics)}
    _check(endpoint, followed)
    endpoint.save()
    for name, values in followed.items():
        getattr(endpoint, name).set(values)
    return endpoint


@transaction.atomic
def update_endpoint(*, endpoint: Endpoint, **changes) -> Endpoint:
    """Change an endpoint's url, events, description, is_active or followed cases, parties and
    topics. Switching it back on forgets its failures."""
    followed = {name: changes.pop(name, None) for name in ("cases", "parties", "topics")}
    for name, value in changes.items():
        setattr(endpoint, name, sorted(set(value)) if name == "events" else value)
    if changes.get("is_active"):
        endpoint.consecutive_failures = 0
        endpoint.disabled_reason = ""
    _check(endpoint, followed)
    endpoint.save()
    for name, values in followed.items():
        if values is not None:
            getattr(endpoint, name).set(values)
    return endpoint


# --- From the change feed to deliveries ----------------------------------------------------------


def matching_endpoints(change: Change):
    """The active endpoints that want `change`: its event, and one of its case, parties or
    topics followed (or nothing followed at all). Resolved now, not when they registered."""
    cases, parties, topics = payloads.subjects(change)
    through = {name: getattr(Endpoint, name).through for name in ("cases", "parties", "topics")}
    links = {name: model.objects.filter(endpoint=OuterRef("pk")) for name, model in through.items()}
    follows_nothing = ~Exists(links["cases"]) & ~Exists(links["parties"]) & ~Exists(links["topics"])
    return Endpoint.objects.filter(
        # An endpoint registered after the change (the sweep sees it later) does not get it.
        is_active=True,
        events__contains=[EVENT_OF_KIND[change.kind]],
        created_at__lte=change.at,
    ).filter(
        follows_nothing
        | Exists(links["cases"].filter(case_id__in=cases))
        | Exists(links["parties"].filter(party_id__in=parties))
        | Exists(links["topics"].filter(topic_id__in=topics))
    )


def dispatch(change_ids: Iterable[int]) -> list[int]:
    """Create the deliveries of these changes (once per endpoint and change, so a repeated
    dispatch sends nothing twice); the ids of the new ones."""
    created: list[int] = []
    for change in Change.objects.filter(pk__in=list(change_ids)).select_related("case"):
        for endpoint in matching_endpoints(change):
            delivery, new = Delivery.objects.get_or_create(
                endpoint=endpoint, change=change, defaults={"event": EVENT_OF_KIND[change.kind]}
            )
            if new:
                created.append(delivery.pk)
    return created


def recent_change_ids() -> list[int]:
    """The changes of the last WEBHOOK_SWEEP_MINUTES: the sweep dispatches them again, for a
    dispatch task lost with a broker that was down."""
    since = timezone.now() - dt.timedelta(minutes=settings.WEBHOOK_SWEEP_MINUTES)
    return list(Change.objects.filter(at__gte=since).values_list("pk", flat=True))


def stranded_delivery_ids() -> list[int]:
    """Deliveries never tried for ten minutes or more (their task was lost with a broker that
    was down): the sweep queues them again."""
    now = timezone.now()
    return list(
        Delivery.objects.filter(
            status=Delivery.Status.PENDING,
            attempts=0,
            created_at__lte=now - dt.timedelta(minutes=10),
            created_at__gte=now - dt.timedelta(minutes=settings.WEBHOOK_SWEEP_MINUTES),
        ).values_list("pk", flat=True)
    )


def create_test_delivery(endpoint: Endpoint) -> Delivery:
    """'Send a test event': a 'ping' delivery, signed like any other."""
    return Delivery.objects.create(endpoint=endpoint, event="ping")


def resend(delivery: Delivery) -> Delivery:
    """Queue a delivery again (its log keeps counting attempts); the payload is rebuilt, so
    only what is public now is sent."""
    if not delivery.endpoint.is_active:
        raise ValidationError("This endpoint is switched off: switch it on, then re-send.")
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.PENDING, error="")
    delivery.refresh_from_db()
    return delivery


# --- One attempt -------------------------------------------------------------------------------


def attempt(delivery_id: int, *, final: bool) -> bool:
    """Send a pending delivery once and log the outcome. True: it failed and should be retried.
    A delivery given up counts against its endpoint (see _gave_up)."""
    delivery = Delivery.objects.select_related("endpoint", "change").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return False
    endpoint = delivery.endpoint
    body_data = payloads.build(delivery) if endpoint.is_active else None
    if body_data is None:
        delivery.status = Delivery.Status.SKIPPED
        delivery.save(update_fields=["status"])
        return False
    body = json.dumps(body_data, cls=DjangoJSONEncoder, separators=(",", ":")).encode()
    timestamp = int(time.time())
    answer = sending.post(
        endpoint.url,
        body,
        {
            sending.TIMESTAMP_HEADER: str(timestamp),
            sending.SIGNATURE_HEADER: sending.signature(endpoint.secret, timestamp, body),
            sending.EVENT_HEADER: delivery.event,
            sending.DELIVERY_HEADER: str(delivery.pk),
        },
    )
    delivery.payload = json.loads(body)  # as sent (dates as ISO strings)
    delivery.attempts = F("attempts") + 1
    delivery.last_attempt_at = timezone.now()
    delivery.response_code = answer.status
    delivery.error = answer.error
    delivery.duration_ms = answer.duration_ms
    retry = not answer.ok and answer.retryable and not final
    if answer.ok:
        delivery.status = Delivery.Status.DELIVERED
        delivery.delivered_at = delivery.last_attempt_at
    elif not retry:
        delivery.status = Delivery.Status.FAILED
    delivery.save()
    if answer.ok:
        Endpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
    elif not retry:
        _gave_up(endpoint)
    return retry


def _gave_up(endpoint: Endpoint) -> None:
    """Count a failed delivery; after WEBHOOK_DISABLE_AFTER in a row, switch the endpoint off
    and email its owner."""
    Endpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    endpoint.refresh_from_db(fields=["consecutive_failures", "is_active"])
    if not endpoint.is_active or endpoint.consecutive_failures < settings.WEBHOOK_DISABLE_AFTER:
        return
    reason = (
        f"Switched off after {endpoint.consecutive_failures} deliveries in a row failed "
        "(every retry included)."
    )
    Endpoint.objects.filter(pk=endpoint.pk).update(is_active=False, disabled_reason=reason)
    if endpoint.owner.email:
        send_mail(
            subject=f"Your webhook {endpoint.url} was switched off",
            message=(
                f"{reason}\n\nFix the receiver at {endpoint.url}, then switch the endpoint on "
                'again (PATCH {"is_active": true} on it in the API) and re-send the failed '
                "deliveries from its log.\n"
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[endpoint.owner.email],
        )
