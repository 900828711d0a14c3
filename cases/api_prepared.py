"""Compiled query shapes for the API's list reads (see cases.prepared).

Profiling the events list (100 items) showed Django spending more time building and compiling
its three queries (the page, its topics, its citations) than PostgreSQL spends running them.
The SQL of a list page depends on few things: the collection, whether the reader sees drafts,
the requested columns, the ordering, the page's slice and the kind of cursor; only the cursor's
position and the page's ids change from request to request. So each shape is compiled once,
with *markers* where those values go, and later requests bind their own values in the markers'
places (PreparedQuery). The ORM still writes every query and rows still go through Django's
converters: responses are the same, byte for byte.

Only requests whose parameters the shape records (fields, format, ordering, page_size, cursor)
take this path; a filter or a search goes through the ORM as before, as does anything the
cursor paginator might ask that ShapedRows does not record, so a cached SQL is never reused
for a different query. On PostgreSQL only, batch loads reuse their shapes too (their ids are
one array parameter there; SQLite writes one placeholder per id).
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


class ShapedRows:
    """Stands in for a list page's values() queryset in the cursor paginator, which only
    orders it, filters it by the cursor's position and slices it. The real queryset is built
    (by `build`) and compiled only the first time a shape is seen; afterwards the page is
    read with the cached SQL and the request's cursor position.

    `shape` is a hashable description of everything `build()` depends on; the operations
    recorded here complete the key. Any other use turns into the real queryset."""

    def __init__(self, model, shape: Hashable, build: Callable[[], QuerySet], ops=(), bindings=()):
        self.model = model
        self.shape = shape
        self.build = build
        self.ops: tuple = tuple(ops)
        self.bindings: dict = dict(bindings)
        self._rows: list[dict] | None = None

    def _with(self, op, bindings=()) -> ShapedRows:
        merged = {**self.bindings, **dict(bindings)}
        return ShapedRows(self.model, self.shape, self.build, (*self.ops, op), merged)

    def queryset(self, *, markers: bool = False) -> QuerySet:
        """The real queryset: `build()` with the recorded operations replayed, the cursor
        position as a marker (to compile a shape) or as its value."""
        queryset = self.build()
        for op in self.ops:
            if op[0] == "order_by":
                queryset = queryset.order_by(*op[1])
            elif op[0] == "filter":
                _, lookup, marker = op
                value = marker if markers else self.bindings[marker][1]
                queryset = queryset.filter(**{lookup: value})
            else:
                queryset = queryset[op[1] : op[2]]
        return queryset

    def order_by(self, *fields: str) -> ShapedRows:
        return self._with(("order_by", tuple(fields)))

    def filter(self, *args, **kwargs):
        """The cursor position filter (`<field>__gt` or `__lt`) goes through a marker."""
        if not args and len(kwargs) == 1:
            ((lookup, value),) = kwargs.items()
            name, _, operator = lookup.rpartition("__")
            if operator in ("gt", "lt") and name and "__" not in name:
                field = self.model._meta.get_field(name)
                marker = POSITION_MARKERS.get(field.get_internal_type())
                if marker is not None:
                    prepared = field.get_prep_value(value)  # raises on a malformed position
                    return self._with(("filter", lookup, marker), {marker: (prepared, value)})
        return self.queryset().filter(*args, **kwargs)

    def __getitem__(self, item):
        if isinstance(item, slice) and item.step is None:
            return self._with(("slice", item.start, item.stop))
        return self.queryset()[item]

    def __getattr__(self, name):
        # Anything else the caller asks of a queryset: the real one answers.
        if name.startswith("__") or name in ("model", "shape", "build", "ops", "bindings"):
            raise AttributeError(name)
        return getattr(self.queryset(), name)

    def __iter__(self):
        return iter(self.rows())

    def __len__(self) -> int:
        return len(self.rows())

    def rows(self) -> list[dict]:
        if self._rows is None:
            markers = set(self.bindings)
            prepared = SHAPES.get(
                (self.shape, self.ops), lambda: self.queryset(markers=True), markers
            )
            if _all_markers_bound(prepared, markers):
                values = {marker: bound for marker, (bound, _) in self.bindings.items()}
                self._rows = prepared.run(values)
            else:
                self._rows = list(self.queryset())
        return self._rows


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
