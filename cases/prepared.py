"""Compile a values() queryset once, run its SQL many times with new values.

Building and compiling a queryset costs Django 0.5-1 ms; running the SQL on an index costs
less. The timeline runs the same few query shapes over and over (first page of a case, the page
after a cursor…), so it compiles each shape once with *marker* values where the variable parts
go (a cursor's date and id, a horizon, a list of ids), remembers the SQL, and on each call binds
the real values in the markers' places. The ORM still writes every query; rows go through the
same converters Django's values() applies, so callers get the same dicts.

Markers are values no real row or filter uses (dates in year 1, ids near -10**15). Django
passes every filter value as a query parameter (only LIMIT is written into the SQL, and it is
part of the shape), so each marker present in the query is found among the parameters.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

MAX_SHAPES = 512


def _adapt(connection, value):
    """A value as the backend receives it in query parameters (dates as text on SQLite)."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


@dataclass(frozen=True)
class PreparedQuery:
    """The SQL of one compiled values() queryset, with the positions of its markers."""

    alias: str
    sql: str
    params: tuple
    slots: tuple[tuple[int, object], ...]  # (parameter position, marker)
    names: tuple[str, ...]
    converters: tuple[tuple[int, tuple, object], ...]  # (column, converters, expression)

    @classmethod
    def compile(cls, queryset: QuerySet, markers: set) -> PreparedQuery:
        query = queryset.query
        connection = connections[queryset.db]
        compiler = query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # e.g. an id beyond the column's range: nothing can match
            return cls(queryset.db, "", (), (), (), ())
        adapted = {_adapt(connection, marker): marker for marker in markers}
        slots = tuple(
            (position, adapted[param])
            for position, param in enumerate(params)
            if isinstance(param, Hashable) and param in adapted
        )
        if query.selected:
            names = tuple(query.selected)
        else:
            names = (*query.extra_select, *query.values_select, *query.annotation_select)
        fields = [select[0] for select in compiler.select[: compiler.col_count]]
        converters = tuple(
            (position, tuple(convs), expression)
            for position, (convs, expression) in compiler.get_converters(fields).items()
        )
        return cls(queryset.db, sql, tuple(params), slots, names, converters)

    @classmethod
    def union_all(cls, parts: list[PreparedQuery]) -> PreparedQuery:
        """One statement returning the rows of every part (same columns, distinct markers),
        to save round trips. Rows are converted with the first part's converters."""
        first = parts[0]
        sql, params, slots = [], [], []
        for number, part in enumerate(parts):
            if part.names != first.names or part.alias != first.alias:
                raise ValueError("UNION ALL parts must select the same columns on one database.")
            sql.append(f"SELECT * FROM ({part.sql}) AS u{number}")
            slots += [(len(params) + position, marker) for position, marker in part.slots]
            params += part.params
        return cls(
            first.alias,
            " UNION ALL ".join(sql),
            tuple(params),
            tuple(slots),
            first.names,
            first.converters,
        )

    def run(self, bindings: Mapping[object, object]) -> list[dict]:
        """Execute with each marker replaced by its binding; rows as values() dicts."""
        if not self.sql:
            return []
        connection = connections[self.alias]
        params = list(self.params)
        for position, marker in self.slots:
            params[position] = _adapt(connection, bindings[marker])
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        names = self.names
        result = []
        for row in rows:
            if self.converters:
                row = list(row)
                for position, convs, expression in self.converters:
                    value = row[position]
                    for converter in convs:
                        value = converter(value, expression, connection)
                    row[position] = value
            result.append(dict(zip(names, row, strict=True)))
        return result


class PreparedQueries:
    """A small thread-safe LRU of PreparedQuery by shape key."""

    def __init__(self, size: int = MAX_SHAPES) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, PreparedQuery] = OrderedDict()
        self._lock = threading.Lock()

    def get(
        self,
        key: Hashable,
        build: Callable[[], QuerySet | PreparedQuery],
        markers: set,
    ) -> PreparedQuery:
        """The PreparedQuery of `key`, made on first use from `build()`: a values() queryset
        (compiled with `markers`) or an already prepared query."""
        with self._lock:
            prepared = self._items.get(key)
            if prepared is not None:
                self._items.move_to_end(key)
                return prepared
        built = build()
        prepared = (
            built if isinstance(built, PreparedQuery) else PreparedQuery.compile(built, markers)
        )
        with self._lock:
            self._items[key] = prepared
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return prepared

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
