"""The REST API's shared machinery: strict query parameters, sparse fields, pagination,
renderers, throttles, conditional GET, the request-body cap and the error handler.

The fast read path (row specs rendered from `.values()` rows) lives in api_rows.
"""

from __future__ import annotations

import base64
import binascii
import csv
import datetime as dt
import hashlib
import io
import re
from typing import Any
from urllib import parse

import orjson
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, filters, pagination, parsers, renderers, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework_csv.renderers import CSVRenderer

from .text import CONTROL_CHARACTERS, NUL_CHARACTER, character_path, why_refused

# --- Query parameters ------------------------------------------------------------------------

FORMAT_PARAM = "format"
FIELDS_PARAM = "fields"


def parse_fields_param(request, available: list[str]) -> list[str]:
    """The output fields asked for with ?fields=a,b (in the serializer's order), or all."""
    raw = request.query_params.get(FIELDS_PARAM)
    if raw is None:
        return list(available)
    asked = [name.strip() for name in raw.split(",") if name.strip()]
    unknown = [name for name in asked if name not in available]
    if unknown or not asked:
        raise exceptions.ValidationError(
            {
                FIELDS_PARAM: [
                    f"Unknown field(s): {', '.join(unknown)}. Choose from: {', '.join(available)}."
                    if unknown
                    else f"Name at least one field. Choose from: {', '.join(available)}."
                ]
            }
        )
    return [name for name in available if name in asked]


def refuse_unknown_params(request, allowed: set[str]) -> None:
    """A 400 naming every query parameter the endpoint does not know (instead of silently
    ignoring a misspelt filter and returning everything), and for NUL characters."""
    refuse_nul_characters(request.query_params)
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise exceptions.ValidationError(
            {
                name: [
                    f"Unknown query parameter '{name}'. Allowed here: {', '.join(sorted(allowed))}."
                ]
                for name in unknown
            }
        )


class IdleFilterBackend(DjangoFilterBackend):
    """django-filter, skipped when the request names none of the filters: building a FilterSet
    deep-copies every filter and form field, a cost worth paying only when it filters."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is not None and not any(
            name in request.query_params for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class StrictOrderingFilter(filters.OrderingFilter):
    """OrderingFilter that refuses unknown fields (400 naming them) instead of ignoring them,
    and appends the view's tie-breakers so pages are stable (cursor pagination needs it)."""

    ordering_description = "Sort by one of the listed fields; prefix with '-' for descending."

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            terms = [term.strip() for term in params.split(",") if term.strip()]
            valid = {
                item[0] for item in self.get_valid_fields(queryset, view, {"request": request})
            }
            # Exactly one '-' may lead a term: "--name" must not pass as "name" (order_by()
            # would then fail on it with a 500).
            bad = [term for term in terms if term.removeprefix("-") not in valid]
            if bad or not terms:
                raise exceptions.ValidationError(
                    {
                        self.ordering_param: [
                            f"Cannot order by {', '.join(bad) or 'nothing'}. Choose from: "
                            + ", ".join(sorted(valid))
                            + " (prefix '-' for descending)."
                        ]
                    }
                )
            ordering = terms
        else:
            ordering = list(self.get_default_ordering(view) or [])
        return with_tiebreakers(ordering, getattr(view, "ordering_tiebreakers", {}))

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        fields = [name for name in getattr(view, "ordering_fields", [])]
        default = ",".join(getattr(view, "ordering", []) or [])
        for parameter in parameters:
            parameter["description"] = (
                f"Sort by {', '.join(fields)}; prefix '-' for descending. Default: {default}."
            )
            parameter["schema"] = {
                "type": "string",
                "enum": [*fields, *(f"-{name}" for name in fields)],
            }
        return parameters


class DescribedSearchFilter(filters.SearchFilter):
    """SearchFilter whose schema says which fields are searched."""

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        searched = ", ".join(name.split("__")[0] for name in getattr(view, "search_fields", []))
        for parameter in parameters:
            parameter["description"] = (
                f"Words to find (all of them, case-insensitive) in: {searched}."
            )
        return parameters


def with_tiebreakers(ordering: list[str], tiebreakers: dict[str, list[str]]) -> list[str]:
    """Append the tie-breakers of the first ordering field and finally the primary key, in the
    same direction, so equal values always come in the same order."""
    result = list(ordering)
    if not result:
        return ["id"]
    first = result[0]
    descending = first.startswith("-")
    for extra in tiebreakers.get(first.lstrip("-"), []):
        if descending:
            extra = extra[1:] if extra.startswith("-") else f"-{extra}"
        if extra.lstrip("-") not in {term.lstrip("-") for term in result}:
            result.append(extra)
    if "id" not in {term.lstrip("-") for term in result}:
        result.append("-id" if descending else "id")
    return result


class StrictContentNegotiation(DefaultContentNegotiation):
    """An unknown ?format= is a 400 that says which formats exist (DRF answers 404)."""

    def select_renderer(self, request, renderers_, format_suffix=None):
        wanted = format_suffix or request.query_params.get(FORMAT_PARAM)
        if wanted is not None:
            available = list(dict.fromkeys(r.format for r in renderers_))  # once each
            if wanted not in available:
                raise exceptions.ValidationError(
                    {
                        FORMAT_PARAM: [
                            f"Unknown format '{wanted}' here. Choose from: {', '.join(available)}."
                        ]
                    }
                )
        return super().select_renderer(request, renderers_, format_suffix)


def errors_as_json(response):
    """Errors are always JSON, even when CSV, TimelineJS or a YAML schema was asked for (and
    when the unknown format itself is the error). Call from finalize_response."""
    if (
        isinstance(response, Response)
        and response.status_code >= 400
        and not isinstance(response.accepted_renderer, ORJSONRenderer)
    ):
        response.accepted_renderer = ORJSONRenderer()
        response.accepted_media_type = ORJSONRenderer.media_type
    return response


# --- Pagination ------------------------------------------------------------------------------


def _strict_positive_int(request, name: str, *, cap: int | None = None) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise exceptions.ValidationError({name: [f"'{raw}' is not a positive whole number."]})
    return min(value, cap) if cap else value


class PageNumberPagination(pagination.PageNumberPagination):
    """Page numbers for the small collections; `page_size` is capped at `max_page_size`."""

    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = "Results per page (default 50, at most 200)."
    max_page_size = 200

    def get_page_size(self, request):
        return _strict_positive_int(
            request, self.page_size_query_param, cap=self.max_page_size
        ) or (self.page_size)

    def paginate_queryset(self, queryset, request, view=None):
        _strict_positive_int(request, self.page_query_param)
        return super().paginate_queryset(queryset, request, view)


class CursorPagination(pagination.CursorPagination):
    """Cursor pagination for the large, growing collections: stable under inserts and
    constant-time per page. The ordering comes from ?ordering= (with tie-breakers)."""

    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = "Results per page (default 50, at most 200)."
    max_page_size = 200
    ordering = ("id",)
    # Many entries can share one date; allow deep ties before refusing a cursor.
    offset_cutoff = 10_000

    def get_page_size(self, request):
        return _strict_positive_int(
            request, self.page_size_query_param, cap=self.max_page_size
        ) or (self.page_size)

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (exceptions.NotFound, DjangoValidationError, ValueError, TypeError) as exc:
            raise exceptions.ValidationError(
                {self.cursor_query_param: ["Invalid cursor: use the `next` or `previous` link."]}
            ) from exc

    def decode_cursor(self, request):
        # DRF decodes base64 leniently, dropping the characters it does not know: '!!!'
        # decoded to nothing and silently gave the first page. A cursor this API wrote is
        # strict base64 of a query string with at least one of its three keys.
        raw = request.query_params.get(self.cursor_query_param)
        if raw is not None:
            try:
                decoded = base64.b64decode(raw.encode("ascii"), validate=True).decode("ascii")
            except (ValueError, binascii.Error):
                raise exceptions.NotFound(self.invalid_cursor_message) from None
            keys = set(parse.parse_qs(decoded, keep_blank_values=True))
            if not keys or not keys <= {"o", "r", "p"}:
                raise exceptions.NotFound(self.invalid_cursor_message)
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            # Check the position parses as the ordering field's type before it reaches SQL.
            model = self._model
            name = self.ordering[0].lstrip("-")
            model._meta.get_field(name).to_python(cursor.position)
        return cursor

    def get_ordering(self, request, queryset, view):
        self._model = queryset.model
        return super().get_ordering(request, queryset, view)


# --- Parsers ---------------------------------------------------------------------------------

# No body the API takes nests deeper than a few levels (a case's roles: object, list, object).
MAX_JSON_DEPTH = 32


def json_depth_exceeds(data: Any, limit: int) -> bool:
    """Whether arrays and objects nest more than `limit` levels deep (checked without
    recursion, so any depth the parser accepted can be measured)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing bodies nested too deeply with a 400. The standard library's
    decoder recurses once per level, so about a thousand nested '[' raised RecursionError (a
    500); shallower nesting that parsed would still reach recursive code further on."""

    def parse(self, stream, media_type=None, parser_context=None):
        too_deep = exceptions.ParseError(
            f"JSON parse error - the body is nested too deeply (more than {MAX_JSON_DEPTH} "
            "levels of arrays and objects); send a flatter document."
        )
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise too_deep from None
        if json_depth_exceeds(data, MAX_JSON_DEPTH):
            raise too_deep
        return data


# --- Renderers -------------------------------------------------------------------------------


def _orjson_default(value):
    return str(value)  # lazy translation strings and the like


class ORJSONRenderer(renderers.JSONRenderer):
    """JSON through orjson: several times faster than the standard library for big lists."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return orjson.dumps(data, default=_orjson_default, option=orjson.OPT_NON_STR_KEYS)


class ListCSVRenderer(CSVRenderer):
    """CSV of a list endpoint's results, columns in the API's field order. Lists of names
    become '; '-separated cells; lists of objects (citations) become compact JSON."""

    format = "csv"
    media_type = "text/csv"

    def render(self, data, media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        rows = [self._flat(item) for item in (data or [])]
        header = renderer_context.get("csv_header") or (list(rows[0]) if rows else [])
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(name, "") for name in header])
        return buffer.getvalue().encode("utf-8")

    @staticmethod
    def _flat(item: dict) -> dict:
        flat = {}
        for key, value in item.items():
            if value is None:
                value = ""
            elif isinstance(value, list):
                if all(not isinstance(v, dict | list) for v in value):
                    value = "; ".join(str(v) for v in value)
                else:
                    value = orjson.dumps(value).decode()
            elif isinstance(value, dict):
                value = orjson.dumps(value).decode()
            elif isinstance(value, bool):
                value = "true" if value else "false"
            flat[key] = value
        return flat


# --- Throttles that read their rates when used (so tests can change them) -------------------


class AnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class UserThrottle(UserRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


# --- Errors ----------------------------------------------------------------------------------


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


# --- Conditional GET -------------------------------------------------------------------------


def conditional_response(request, response: Response, last_modified: dt.datetime | None):
    """Render now, tag the response with a strong ETag of its bytes (and Last-Modified when
    known), and answer 304 when the client's copy is current."""
    response.render()
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    timestamp = last_modified.timestamp() if last_modified else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(timestamp) if timestamp else None, response=response
    )
    return not_modified
