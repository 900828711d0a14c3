"""API errors: what becomes a 400, 409 or 413 instead of a 500 (Django's own exceptions, an
oversized body, control characters), each with a message that says how to fix the request."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core.text import CONTROL_CHARACTERS, NUL_CHARACTER, character_path, why_refused


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"

    def __init__(self):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        super().__init__(
            f"The request body is larger than {limit} bytes; send less data per request."
        )


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def guard_body_size(request) -> None:
    """Refuse an oversized body up front from its Content-Length, then read it through Django
    (which enforces DATA_UPLOAD_MAX_MEMORY_SIZE) before any parser streams it."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    raw_length = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(raw_length)
    except ValueError:
        raise exceptions.ParseError("The Content-Length header is not a number.") from None
    if limit is not None and length > limit:
        raise PayloadTooLarge()
    if length:
        try:
            request.body  # noqa: B018 — reading it is the point: Django checks the size
        except RequestDataTooBig:
            raise PayloadTooLarge() from None


def _refuse(data: Any, pattern: re.Pattern[str]) -> None:
    where = character_path(data, pattern)
    if where is None:
        return
    path, character = where
    path = path or api_settings.NON_FIELD_ERRORS_KEY
    if character == "\x00":
        message = f"'{path}' contains {why_refused(character)}."
    else:
        message = (
            f"'{path}' contains {why_refused(character)}: remove it (tab, newline and carriage "
            "return are fine)."
        )
    raise exceptions.ValidationError({path.split(".")[0]: [message]})


def refuse_nul_characters(data: Any) -> None:
    """A 400 naming where a NUL hides: PostgreSQL text cannot hold one, so such input (a query
    parameter too) must be refused before it reaches a query."""
    _refuse(data, NUL_CHARACTER)


def refuse_control_characters(data: Any) -> None:
    """A 400 naming where NUL, another C0 control character (not tab, newline or carriage
    return) or a bidirectional control hides in a body to be stored (see cases.text)."""
    _refuse(data, CONTROL_CHARACTERS)


def django_errors_as_dict(exc: DjangoValidationError) -> dict | list:
    if hasattr(exc, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if key == "__all__" else key): value
            for key, value in exc.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}


def exception_handler(exc, context):
    """DRF's handler plus the Django exceptions that must not become a 500."""
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(django_errors_as_dict(exc))
    elif isinstance(exc, ProtectedError):
        names = sorted({str(obj._meta.verbose_name) for obj in exc.protected_objects})
        exc = Conflict(
            f"Other entries still refer to this one ({', '.join(names)}): change or delete "
            "them first."
        )
    elif isinstance(exc, IntegrityError):
        exc = Conflict(
            "This conflicts with data stored meanwhile (e.g. a duplicate); reload and retry."
        )
    return drf_exception_handler(exc, context)
