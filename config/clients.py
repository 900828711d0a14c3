"""Who the client is: one answer for the API's throttles and the login lockout."""

from __future__ import annotations

from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle


def client_address(request: HttpRequest) -> str:
    """The client's address as DRF's throttles identify it: the connection's peer, or with
    NUM_PROXIES set, the address the last of those proxies saw (never one the client wrote into
    X-Forwarded-For itself). django-axes calls this (AXES_CLIENT_IP_CALLABLE)."""
    return BaseThrottle().get_ident(request)
