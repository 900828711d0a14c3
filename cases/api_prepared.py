"""Compiled query shapes for the API's list reads (see cases.prepared).

Profiling the events list (100 items) showed Django spending more time building and compiling
its three queries (the page, its topics, its citations) than PostgreSQL spends running them.
The SQL of a list page depends on few things: the collection, whether the reader sees drafts,
the requested columns, the ordering, the page's slice and the kind of cursor; only the cursor's
position and the page's ids change from request to request. So each shape is compiled once,
with *markers* where those values go, and later requests bind their own values in the markers'
places (PreparedQuery). The ORM still writes every query and rows still go through Django's
converters: responses are the same, byte for byte.

Anything the shape key does not describe (a filter, a search, an exclude) makes the queryset
fall back to the ORM's normal path, so a cached SQL is never reused for a different query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import Any

from django.db import connections, models, router
from django.db.models import QuerySet

from .prepared import PreparedQueries, PreparedQuery

# List shapes and batch-load shapes, reused across requests (bounded LRU).
SHAPES = PreparedQueries()

# Cursor positions: one marker per field type the API orders by. No real row is in year 1 or
# has a negative id.
POSITION_MARKERS: dict[str, object] = {
    "DateField": dt.date(1, 4, 11),
    "DateTimeField": dt.datetime(1, 4, 11, 3, 4, 5, tzinfo=dt.UTC),
    "BigAutoField": -(10**15) + 7,
    "AutoField": -(10**9) + 7,
    "IntegerField": -(10**9) + 7,
    "BigIntegerField": -(10**15) + 7,
}


class IdsMarker:
    """Stands for the list of ids of a batch load (`column = ANY(%s)`, one array parameter on
    PostgreSQL). Hashable by identity, so PreparedQuery finds it among the parameters."""

    is_marker = True  # api_rows.AnyOf passes it through as the array parameter

    def __iter__(self):
        return iter(())

    def __repr__(self) -> str:
        return "<ids marker>"


IDS = IdsMarker()


def _all_markers_bound(prepared: PreparedQuery, markers) -> bool:
    """True when every marker was found among the compiled query's parameters (a marker the
    ORM dropped or rewrote would otherwise leave its stand-in value in the SQL)."""
    found = {id(marker) for _, marker in prepared.slots}
    return bool(prepared.sql) and all(id(marker) in found for marker in markers)


class ShapedValuesQuerySet(QuerySet):
    """A values() queryset of an API list page whose SQL is compiled once per shape.

    `_shape` is a hashable description of everything the SQL depends on apart from the query's
    ordering and slice (read at fetch time) and a cursor position (filtered through a marker).
    Any other narrowing clears `_shape` and the queryset runs as usual."""

    _shape: Hashable | None = None
    _bindings: dict
    # The queryset before the position filter, the lookup and the real position: to run
    # the query as usual should the marker ever not come through compilation.
    _unmarked: tuple | None = None

    @classmethod
    def wrap(cls, queryset: QuerySet, shape: Hashable) -> ShapedValuesQuerySet:
        clone = queryset._chain()
        clone.__class__ = cls
        clone._shape = shape
        clone._bindings = {}
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._shape = self._shape
        clone._bindings = dict(getattr(self, "_bindings", {}))
        clone._unmarked = self._unmarked
        return clone

    def filter(self, *args, **kwargs):
        """The cursor pagination's position filter (`<field>__gt` or `__lt`) goes through a
        marker; any other filter leaves the shape unknown."""
        if self._shape is not None and not args and len(kwargs) == 1:
            ((lookup, value),) = kwargs.items()
            name, _, operator = lookup.rpartition("__")
            if operator in ("gt", "lt") and name and "__" not in name:
                field = self.model._meta.get_field(name)
                marker = POSITION_MARKERS.get(field.get_internal_type())
                if marker is not None:
                    bound = field.get_prep_value(value)  # raises on a malformed position
                    clone = super().filter(**{lookup: marker})
                    clone._shape = (self._shape, lookup)
                    clone._bindings[marker] = bound
                    clone._unmarked = (self, lookup, value)
                    return clone
        return self._unshaped(super().filter(*args, **kwargs))

    def exclude(self, *args, **kwargs):
        return self._unshaped(super().exclude(*args, **kwargs))

    def distinct(self, *fields):
        return self._unshaped(super().distinct(*fields))

    def annotate(self, *args, **kwargs):
        return self._unshaped(super().annotate(*args, **kwargs))

    @staticmethod
    def _unshaped(queryset):
        queryset._shape = None
        return queryset

    def _fetch_all(self):
        if self._result_cache is None and self._shape is not None:
            query = self.query
            key = (self._shape, tuple(query.order_by), query.low_mark, query.high_mark)
            markers = set(self._bindings)
            prepared = SHAPES.get(key, lambda: self, markers)
            if _all_markers_bound(prepared, markers):
                self._result_cache = prepared.run(self._bindings)
            elif self._unmarked is not None:
                before, lookup, value = self._unmarked
                plain = self._unshaped(before._chain()).filter(**{lookup: value})
                plain.query.set_limits(query.low_mark, query.high_mark)
                self._result_cache = list(plain)
        super()._fetch_all()


def batch_rows(
    key: Hashable, model: type[models.Model], build: Callable[[Any], QuerySet], ids: list
) -> list[dict]:
    """The values() rows of `build(ids)`, a batch load of related rows for a page's ids.

    On PostgreSQL the ids go in one array parameter (api_rows.AnyOf), so the query's shape
    does not depend on how many there are: it is compiled once under `key` with a marker and
    reused. Elsewhere (SQLite: one placeholder per id) the queryset runs as usual."""
    alias = router.db_for_read(model)
    if connections[alias].vendor != "postgresql":
        return list(build(ids))
    prepared = SHAPES.get((key, alias), lambda: build(IDS).using(alias), {IDS})
    if not _all_markers_bound(prepared, {IDS}):
        return list(build(ids))
    return prepared.run({IDS: list(ids)})
