"""API pagination: page numbers for the small collections, cursors for the large, growing ones;
both refuse a malformed page, size or cursor with a 400 instead of guessing."""

from __future__ import annotations

import base64
import binascii
from urllib import parse

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, pagination


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
