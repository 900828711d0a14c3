"""How the API speaks HTTP: content negotiation (?format=), parsers, renderers, throttles
and conditional GET. Query parameters are in api.parameters, pagination in api.pagination,
errors and request-body checks in api.errors, and the read path in api.rows.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

import orjson
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from rest_framework import exceptions, parsers, renderers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework_csv.renderers import CSVRenderer

from api.parameters import FORMAT_PARAM
from core.text import neutralise_cell


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


class _Line:
    """A file-like object whose write() returns what it was given: csv.writer then turns one
    row into one string (the streaming CSV example in Django's documentation)."""

    def write(self, value: str) -> str:
        return value


class ListCSVRenderer(CSVRenderer):
    """CSV of a list endpoint's results, columns in the API's field order. Lists of names
    become '; '-separated cells; lists of objects (citations) become compact JSON; cells that
    would run as spreadsheet formulas are neutralised. A whole export is streamed row by row
    (`stream`, used by the list view); `render` serves anything else that holds a list."""

    format = "csv"
    media_type = "text/csv"
    byte_order_mark = False

    def render(self, data, media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        rows = list(data or [])
        header = renderer_context.get("csv_header") or (list(rows[0]) if rows else [])
        return b"".join(self.stream(header, [rows]))

    def stream(self, header: list[str], batches: Iterable[list[dict]]) -> Iterator[bytes]:
        """The CSV as UTF-8 lines: the header, then each batch of rendered rows."""
        writer = csv.writer(_Line())
        if self.byte_order_mark:
            yield codecs.BOM_UTF8
        yield writer.writerow(header).encode("utf-8")
        for batch in batches:
            lines = []
            for item in batch:
                flat = self._flat(item)
                cells = [neutralise_cell(flat.get(name, "")) for name in header]
                lines.append(writer.writerow(cells))
            yield "".join(lines).encode("utf-8")

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


class ExcelCSVRenderer(ListCSVRenderer):
    """The same CSV starting with a UTF-8 byte order mark (`?format=csv-excel`): without it
    Excel reads the file as the machine's legacy code page and mangles every accent."""

    format = "csv-excel"
    byte_order_mark = True


# --- Throttles that read their rates when used (so tests can change them) -------------------


class AnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class UserThrottle(UserRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


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
