"""Plain SQL for the ingestion worker's writes, built from the models' metadata.

A worker stores one page after another, and on a 20 ms extraction the ORM's work per page
(compiling a SELECT, an UPDATE of 28 columns, the history row and three bulk inserts, and
building a model instance for each) cost about 4 ms: a fifth of the page. These helpers send
the same statements with the column lists worked out once per model. Everything else (the
admin, the API, curators' decisions, failures) goes through the ORM.

They work on PostgreSQL and SQLite alike (`INSERT … ON CONFLICT` needs SQLite 3.24).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.utils import timezone

# The columns simple-history adds to a historical model beside the tracked model's own.
HISTORY_COLUMNS = ("history_id", "history_date", "history_change_reason", "history_type")
HISTORY_USER = "history_user_id"


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _field(model: type[models.Model], attname: str) -> models.Field:
    return _attnames(model)[attname]


@functools.cache
def _attnames(model: type[models.Model]) -> dict[str, models.Field]:
    return {field.attname: field for field in model._meta.concrete_fields}


def _prep(field: models.Field, value: Any) -> Any:
    return field.get_db_prep_save(value, connection)


def lock_row(
    model: type[models.Model],
    pk: Any,
    columns: Sequence[str],
    *,
    extra: str = "",
    extra_params: Sequence[Any] = (),
) -> tuple | None:
    """The row's `columns` (attnames), locked for the transaction where the database can
    (SELECT … FOR UPDATE); `extra` is one more SQL expression selected after them, such as a
    subquery, with its parameters. None when there is no such row."""
    select = [_q(_field(model, name).column) for name in columns]
    if extra:
        select.append(extra)
    sql = (
        f"SELECT {', '.join(select)} FROM {_q(model._meta.db_table)}"
        f" WHERE {_q(model._meta.pk.column)} = %s"
    )
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*extra_params, _prep(model._meta.pk, pk)])
        return cursor.fetchone()


def update_row(
    model: type[models.Model],
    pk: Any,
    values: Mapping[str, Any],
    *,
    fill_only: Iterable[str] = (),
) -> int:
    """UPDATE one row with `values` (attname → Python value). A field in `fill_only` is
    written only where the row has none yet (NULL, or '' for text): curated fields keep a
    curator's value. Returns the number of rows updated."""
    fill_only = set(fill_only)
    assignments, params = [], []
    for name, value in values.items():
        field = _field(model, name)
        column = _q(field.column)
        if name not in fill_only:
            assignments.append(f"{column} = %s")
        elif field.null:
            assignments.append(f"{column} = COALESCE({column}, %s)")
        else:
            assignments.append(f"{column} = CASE WHEN {column} = '' THEN %s ELSE {column} END")
        params.append(_prep(field, value))
    sql = (
        f"UPDATE {_q(model._meta.db_table)} SET {', '.join(assignments)}"
        f" WHERE {_q(model._meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, _prep(model._meta.pk, pk)])
        return cursor.rowcount


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
    take their default; auto_now(_add) fields take the current time."""
    if not rows:
        return
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.generated  # the database fills those
    ]
    now = timezone.now()
    params = []
    for row in rows:
        for field in fields:
            if field.attname in row:
                value = row[field.attname]
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            else:
                value = field.get_default()
            params.append(_prep(field, value))
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    conflict = ", ".join(_q(_field(model, name).column) for name in unique)
    if update:
        columns = [_q(_field(model, name).column) for name in update]
        action = "DO UPDATE SET " + ", ".join(f"{c} = EXCLUDED.{c}" for c in columns)
    else:
        action = "DO NOTHING"
    sql = (
        f"INSERT INTO {_q(model._meta.db_table)} ({', '.join(_q(f.column) for f in fields)})"
        f" VALUES {', '.join([placeholders] * len(rows))} ON CONFLICT ({conflict}) {action}"
    )
    with connection.cursor() as cursor:
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


def record_history(model: type[models.Model], pk: Any, *, reason: str, when) -> None:
    """Add simple-history's "changed" (~) row for the row as it now is, as a save() through the
    ORM would (with no user: the worker acts for nobody), copied inside the database."""
    historical = model.history.model
    columns = ", ".join(_q(column) for column in _history_columns(model))
    own = ", ".join(_q(name) for name in (*HISTORY_COLUMNS[1:], HISTORY_USER))
    sql = (
        f"INSERT INTO {_q(historical._meta.db_table)} ({columns}, {own})"
        f" SELECT {columns}, %s, %s, %s, NULL FROM {_q(model._meta.db_table)}"
        f" WHERE {_q(model._meta.pk.column)} = %s"
    )
    history_date = _prep(historical._meta.get_field("history_date"), when)
    with connection.cursor() as cursor:
        cursor.execute(sql, [history_date, reason[:100], "~", _prep(model._meta.pk, pk)])
