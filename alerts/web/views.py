"""The pages behind the links alerts send: ask to follow, confirm, unsubscribe.

Asking to follow is rate-limited per client address and per email address (django-ratelimit,
counted in the shared cache) and answers the same whether or not the address already follows
what it asks for. Unsubscribing takes a POST without a CSRF token: mail clients send one
(RFC 8058, "List-Unsubscribe=One-Click") and the signed token is the proof. Asking to follow
takes none either: its form sits on case, party and topic pages, which are the same for every
reader and cached whole (core.pagecache), and a forged request changes nothing until the owner
of the address confirms from the email (double opt-in), under the same rate limits.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited
from kombu.exceptions import OperationalError as BrokerError

from alerts import services, tasks
from alerts.models import Subscription
from alerts.selectors import public_target
from alerts.tokens import BadToken, read_confirm_token, read_unsubscribe_token
from alerts.web.forms import FollowForm
from config.clients import client_address


def _problem(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "alerts/problem.html", {"message": message}, status=status)


def _limited(request: HttpRequest, email: str) -> bool:
    by_client = is_ratelimited(
        request,
        group="alerts.follow.client",
        key=lambda _group, req: client_address(req),
        rate=settings.ALERTS_FOLLOW_RATE,
        increment=True,
    )
    by_address = is_ratelimited(
        request,
        group="alerts.follow.address",
        key=lambda _group, _req: email.lower(),
        rate=settings.ALERTS_FOLLOW_ADDRESS_RATE,
        increment=True,
    )
    return by_client or by_address


@csrf_exempt
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    form = FollowForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in form.errors.items())
        return _problem(request, f"Check the form and send it again ({errors}).", 400)
    data = form.cleaned_data
    target = public_target(data["kind"], slug=data["slug"])
    if target is None:
        raise Http404("Nothing published on this site has that address.")
    if _limited(request, data["email"]):
        return _problem(
            request, "Too many requests for alerts from here: try again in an hour.", 429
        )
    try:
        tasks.send_confirmation.delay(data["email"], data["kind"], target.pk, data["frequency"])
    except BrokerError:
        response = _problem(
            request,
            "Alerts cannot be set up right now (the mail queue is unavailable). "
            "Please try again in a few minutes.",
            503,
        )
        response["Retry-After"] = "120"
        return response
    # The same answer whether or not this address already follows it.
    return render(request, "alerts/check_inbox.html", {"target": target, "email": data["email"]})


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what will be followed with a button (a mail scanner opening the link confirms
    nothing); POST confirms."""
    try:
        follow_request = read_confirm_token(token)
        target = public_target(follow_request.kind, pk=follow_request.target_id)
        if target is None:
            raise BadToken("What this link follows is no longer published on the site.")
        if request.method == "POST":
            subscription = services.confirm(follow_request)
            return render(
                request,
                "alerts/confirmed.html",
                {"subscription": subscription, "target": target},
            )
    except BadToken as exc:
        return _problem(request, str(exc), 400)
    frequency = Subscription.Frequency(follow_request.frequency).label
    return render(
        request,
        "alerts/confirm.html",
        {"target": target, "email": follow_request.email, "frequency": frequency},
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; POST (the button, or a mail client's one-click) unsubscribes."""
    try:
        subscription_id = read_unsubscribe_token(token)
    except BadToken as exc:
        return _problem(request, str(exc), 400)
    if request.method == "POST":
        services.unsubscribe(subscription_id=subscription_id)
        return render(request, "alerts/unsubscribed.html")
    subscription = (
        Subscription.objects.filter(pk=subscription_id)
        .select_related("case", "party", "topic")
        .first()
    )
    return render(request, "alerts/unsubscribe.html", {"subscription": subscription})
