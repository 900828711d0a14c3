"""Plain SQL for the ingestion worker's writes, built from the models' metadata.

A worker stores one page after another, and on a 20 ms extraction the ORM's work per page
(compiling a SELECT, an UPDATE of 28 columns, the history row and three bulk inserts, and
building a model instance for each) cost about 4 ms: a fifth of the page. These helpers send
the same statements, their SQL worked out once per model. On PostgreSQL a page's writes are
also sent in one pipeline (`pipelined`): five statements or more, one wait for the server
instead of one each. Everything else (the admin, the API, curators' decisions, failures) goes
through the ORM.

They work on PostgreSQL and SQLite alike (`INSERT … ON CONFLICT` needs SQLite 3.24, and
`UPDATE … RETURNING` 3.35).
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

# The columns simple-history adds to a historical model beside the tracked model's own.
HISTORY_COLUMNS = ("history_id", "history_date", "history_change_reason", "history_type")
HISTORY_USER = "history_user_id"


def _db() -> BaseDatabaseWrapper:
    """The default database's connection itself. `django.db.connection` is a proxy that looks
    the connection up on every attribute access; a page's writes prepare some 170 values, and
    those lookups alone cost a tenth of a millisecond."""
    return connections[DEFAULT_DB_ALIAS]


def _q(db: BaseDatabaseWrapper, name: str) -> str:
    return db.ops.quote_name(name)


@functools.cache
def _attnames(model: type[models.Model]) -> dict[str, models.Field]:
    return {field.attname: field for field in model._meta.concrete_fields}


def _field(model: type[models.Model], attname: str) -> models.Field:
    return _attnames(model)[attname]


def _prep(db: BaseDatabaseWrapper, field: models.Field, value: Any) -> Any:
    return field.get_db_prep_save(value, db)


def _in_pipeline(db: BaseDatabaseWrapper) -> bool:
    if db.vendor != "postgresql" or db.connection is None:
        return False
    from psycopg import pq

    return db.connection.pgconn.pipeline_status != pq.PipelineStatus.OFF


@contextlib.contextmanager
def pipelined() -> Iterator[None]:
    """Send the statements run inside without waiting for each one's answer, and collect the
    answers at the end: psycopg's pipeline mode on PostgreSQL; nothing changes elsewhere.

    For writes whose results nobody reads (these helpers' UPDATE and INSERTs): five statements
    then cost one round trip to the server instead of five, and the server works on each while
    Python prepares the next. A statement that fails raises when the block ends (as Django's
    IntegrityError and kin), so the transaction around it rolls back as usual. Reading a
    result inside the block (fetchone) waits for everything sent before it."""
    db = _db()
    if db.vendor != "postgresql":
        yield
        return
    db.ensure_connection()
    with db.wrap_database_errors, db.connection.pipeline():
        yield


class Computed(NamedTuple):
    """A value the database computes in the statement: SQL with %s placeholders (it may name
    the row's own columns, as they were before the UPDATE) and their parameters."""

    sql: str
    params: tuple = ()


@functools.cache
def _update_sql(
    vendor: str,
    model: type[models.Model],
    columns: tuple[tuple[str, str | None], ...],
    fill_only: frozenset[str],
    where: tuple[str, ...],
    returning: tuple[str, ...],
) -> str:
    db = _db()
    assignments = []
    for name, computed in columns:
        field = _field(model, name)
        column = _q(db, field.column)
        value = "%s" if computed is None else computed
        if name not in fill_only:
            assignments.append(f"{column} = {value}")
        elif field.null:
            assignments.append(f"{column} = COALESCE({column}, {value})")
        else:
            assignments.append(f"{column} = CASE WHEN {column} = '' THEN {value} ELSE {column} END")
    conditions = [model._meta.pk.column, *(_field(model, name).column for name in where)]
    sql = (
        f"UPDATE {_q(db, model._meta.db_table)} SET {', '.join(assignments)}"
        f" WHERE {' AND '.join(f'{_q(db, column)} = %s' for column in conditions)}"
    )
    if returning:
        sql += " RETURNING " + ", ".join(_q(db, _field(model, name).column) for name in returning)
    return sql


def update_row(
    model: type[models.Model],
    pk: Any,
    values: Mapping[str, Any],
    *,
    fill_only: Iterable[str] = (),
    where: Mapping[str, Any] | None = None,
    returning: Sequence[str] = (),
) -> Callable[[], tuple | None]:
    """UPDATE one row with `values` (attname → Python value, or Computed). A field in
    `fill_only` is written only where the row has none yet (NULL, or '' for text): curated
    fields keep a curator's value. `where` (attname → value) adds conditions the row must
    meet.

    Returns a function that gives the `returning` fields (attnames) of the updated row, or
    None when no row matched: in a pipeline, call it after the block, and the UPDATE's answer
    is read with the others."""
    db = _db()
    where = dict(where or {})
    columns = tuple(
        (name, value.sql if isinstance(value, Computed) else None) for name, value in values.items()
    )
    sql = _update_sql(
        db.vendor, model, columns, frozenset(fill_only), tuple(where), tuple(returning)
    )
    params = []
    for name, value in values.items():
        if isinstance(value, Computed):
            params += value.params
        else:
            params.append(_prep(db, _field(model, name), value))
    params.append(_prep(db, model._meta.pk, pk))
    params += [_prep(db, _field(model, name), value) for name, value in where.items()]
    cursor = db.cursor()
    cursor.execute(sql, params)
    if not returning or not _in_pipeline(db):
        row = cursor.fetchone() if returning else None  # the answer is here already
        cursor.close()
        return lambda: row

    def result() -> tuple | None:
        try:
            return cursor.fetchone()
        finally:
            cursor.close()

    return result


def _array_type(db: BaseDatabaseWrapper, field: models.Field) -> str | None:
    """The PostgreSQL array type that carries `field`'s values into an INSERT: the column's
    type without its length or precision (the INSERT's own cast to the column then refuses an
    oversized value, as it would a single one), None for a column that is an array itself."""
    db_type = field.db_type(db)
    if not db_type or db_type.endswith("]"):
        return None
    return re.sub(r"\(.*\)", "", db_type) + "[]"


class InsertSQL(NamedTuple):
    fields: list[models.Field]
    head: str  # INSERT INTO … (columns)
    rows: str | None  # the rows as arrays, one per column: SQL that does not vary
    values: str  # one row's placeholders, for a VALUES list
    conflict: str


@functools.cache
def _insert_sql(
    vendor: str, model: type[models.Model], unique: tuple[str, ...], update: tuple[str, ...]
) -> InsertSQL:
    """The fields an INSERT fills and the pieces of its SQL."""
    db = _db()
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.generated  # the database fills those
    ]
    head = (
        f"INSERT INTO {_q(db, model._meta.db_table)}"
        f" ({', '.join(_q(db, field.column) for field in fields)}) "
    )
    rows = None
    if vendor == "postgresql":
        types = [_array_type(db, field) for field in fields]
        if all(types):
            rows = "SELECT * FROM unnest(" + ", ".join(f"%s::{t}" for t in types) + ")"
    values = "(" + ", ".join(["%s"] * len(fields)) + ")"
    conflict = ", ".join(_q(db, _field(model, name).column) for name in unique)
    if update:
        columns = [_q(db, _field(model, name).column) for name in update]
        action = "DO UPDATE SET " + ", ".join(f"{c} = EXCLUDED.{c}" for c in columns)
    else:
        action = "DO NOTHING"
    return InsertSQL(fields, head, rows, values, f" ON CONFLICT ({conflict}) {action}")


def insert_rows(
    model: type[models.Model],
    rows: Sequence[Mapping[str, Any]],
    *,
    unique: Sequence[str],
    update: Sequence[str] = (),
) -> None:
    """INSERT `rows` (attname → value) in one statement, as bulk_create(update_conflicts=…) or
    bulk_create(ignore_conflicts=True) would: a row whose `unique` fields exist already
    updates the `update` fields, or is left alone when there are none. Fields a row leaves out
    take their default; auto_now(_add) fields take the current time.

    On PostgreSQL the rows travel as one array per column (`unnest`), so the statement's text
    is the same whatever the number of rows: psycopg converts it once, and after a few pages
    the server keeps it prepared instead of parsing and planning a new statement each time."""
    if not rows:
        return
    db = _db()
    sql = _insert_sql(db.vendor, model, tuple(unique), tuple(update))
    now = timezone.now()
    columns: list[list[Any]] = [[] for _ in sql.fields]
    for row in rows:
        for field, column in zip(sql.fields, columns, strict=True):
            if field.attname in row:
                value = row[field.attname]
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            else:
                value = field.get_default()
            column.append(_prep(db, field, value))
    if sql.rows is not None:
        statement, params = sql.head + sql.rows + sql.conflict, columns
    else:
        statement = sql.head + "VALUES " + ", ".join([sql.values] * len(rows)) + sql.conflict
        params = [value for row in zip(*columns, strict=True) for value in row]
    with db.cursor() as cursor:
        cursor.execute(statement, params)


def delete_rows(
    model: type[models.Model],
    where: Mapping[str, Any],
    *,
    keep: Sequence[str] = (),
    kept: Iterable[Sequence[Any]] = (),
) -> None:
    """DELETE the rows matching `where` (attname → value), except those whose `keep` fields
    (attnames) hold one of the `kept` tuples of values. Reads no result, so it can travel in
    a pipeline; as QuerySet.delete() on a model without cascades or delete signals."""
    db = _db()
    conditions = [f"{_q(db, _field(model, name).column)} = %s" for name in where]
    params = [_prep(db, _field(model, name), value) for name, value in where.items()]
    kept = [tuple(values) for values in kept]
    if keep and kept:
        fields = [_field(model, name) for name in keep]
        columns = ", ".join(_q(db, field.column) for field in fields)
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        conditions.append(f"({columns}) NOT IN ({', '.join([row] * len(kept))})")
        for values in kept:
            params += [_prep(db, field, value) for field, value in zip(fields, values, strict=True)]
    sql = f"DELETE FROM {_q(db, model._meta.db_table)} WHERE {' AND '.join(conditions)}"
    with db.cursor() as cursor:
        cursor.execute(sql, params)


@functools.cache
def _history_columns(model: type[models.Model]) -> list[str]:
    """The columns a historical row copies from its model's row. Refuses a historical model
    with columns of its own beyond simple-history's (extra fields, a custom history id or
    user field): a copy could not fill them."""
    historical = model.history.model
    tracked = {field.column for field in model._meta.concrete_fields}
    copied, own = [], set()
    for field in historical._meta.concrete_fields:
        if field.column in tracked:
            copied.append(field.column)
        else:
            own.add(field.column)
    expected = {*HISTORY_COLUMNS, HISTORY_USER}
    if own != expected:
        raise ImproperlyConfigured(
            f"{historical.__name__} has columns {sorted(own)} beside {model.__name__}'s; "
            f"sqlwrites.record_history can only fill {sorted(expected)}."
        )
    return copied


@functools.cache
def _history_sql(vendor: str, model: type[models.Model]) -> str:
    db = _db()
    historical = model.history.model
    columns = ", ".join(_q(db, column) for column in _history_columns(model))
    own = ", ".join(_q(db, name) for name in (*HISTORY_COLUMNS[1:], HISTORY_USER))
    return (
        f"INSERT INTO {_q(db, historical._meta.db_table)} ({columns}, {own})"
        f" SELECT {columns}, %s, %s, %s, NULL FROM {_q(db, model._meta.db_table)}"
        f" WHERE {_q(db, model._meta.pk.column)} = %s"
    )


@functools.cache
def _history_date_field(model: type[models.Model]) -> models.Field:
    # Looked up once: simple-history builds a new manager class on every `model.history`.
    return model.history.model._meta.get_field("history_date")


def record_history(model: type[models.Model], pk: Any, *, reason: str, when) -> None:
    """Add simple-history's "changed" (~) row for the row as it now is, as a save() through the
    ORM would (with no user: the worker acts for nobody), copied inside the database."""
    db = _db()
    history_date = _prep(db, _history_date_field(model), when)
    with db.cursor() as cursor:
        cursor.execute(
            _history_sql(db.vendor, model),
            [history_date, reason[:100], "~", _prep(db, model._meta.pk, pk)],
        )
