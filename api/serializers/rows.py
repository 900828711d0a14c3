"""Each API read field declared once: how it comes out of a `.values()` row, and how the
OpenAPI schema documents it.

A resource's read fields are one ordered dict of `RowField`s (its *field spec*). Each entry
names the database columns it reads and how to render them; its `doc` is the DRF field
drf-spectacular shows (None for a plain model column: the schema takes the model field's type
and help_text). `read_serializer()` derives the schema serializer, `Meta.fields` included, from
the spec; requests never go through it. `RowReader` renders rows of the requested fields: it
fetches exactly their columns, batch-loads related rows (citations, topics …) in one query per
relation for the whole page, and builds plain dicts in one pass: a fixed number of queries
whatever the page size, and a fraction of ModelSerializer's cost per row.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.urls import reverse
from rest_framework import serializers

from api.serializers.fields import DocumentedModelSerializer, PartialDateField
from core.dates import format_partial_date, iso_partial_date

DISPLAY_HELP = "The date as readers see it, at its precision (e.g. 'November 2024')."

# --- Field specs: how each read field comes out of `.values()` rows, and its schema ----------


@dataclass
class ReadContext:
    """Per-request facts the row renderers need, prepared once per request, not per row."""

    request: Any
    see_drafts: Callable[[type[Model]], bool]
    cache: dict[Any, Any] = field(default_factory=dict)

    def visible(self, model: type[Model]) -> QuerySet:
        """The rows of `model` this request's reader may see: the model's visible_to()."""
        return model._default_manager.visible_to(getattr(self.request, "user", None))


class RowField:
    """One output field: the columns it reads, a getter bound once per request, and `doc`, the
    DRF field documenting it in the schema (None: the model field of the same name does)."""

    columns: tuple[str, ...] = ()
    doc: serializers.Field | None = None

    def bind(self, ctx: ReadContext) -> Callable[[dict], Any]:
        raise NotImplementedError


class Col(RowField):
    """A column, rendered as is or through `convert` (None stays None)."""

    def __init__(
        self,
        column: str,
        convert: Callable[[Any], Any] | None = None,
        *,
        doc: serializers.Field | None = None,
    ):
        self.columns = (column,)
        self.column = column
        self.convert = convert
        self.doc = doc

    def bind(self, ctx):
        key, convert = self.column, self.convert
        if convert is None:
            return itemgetter(key)
        return lambda row: None if row[key] is None else convert(row[key])


def iso_datetime(value: dt.datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


class DateTimeCol(Col):
    def __init__(self, column: str):
        super().__init__(column, iso_datetime)


# Many entries share a date: format each (date, precision) once per process, not once per row.
_display_date = functools.lru_cache(maxsize=8192)(format_partial_date)
_iso_date = functools.lru_cache(maxsize=8192)(iso_partial_date)


class PartialDate(RowField):
    """A partial date rendered as ISO reduced precision ('2024-11') or for reading
    ('November 2024'); null stays null."""

    def __init__(
        self,
        column: str,
        precision_column: str,
        *,
        display: bool = False,
        null: bool = False,
        help_text: str = "",
    ):
        self.columns = (column, precision_column)
        self.column, self.precision_column, self.display = column, precision_column, display
        if display:
            self.doc = serializers.CharField(
                read_only=True, allow_null=null, help_text=help_text or DISPLAY_HELP
            )
        else:
            self.doc = PartialDateField(
                column, precision_column, read_only=True, allow_null=null, help_text=help_text
            )

    def bind(self, ctx):
        key, pkey = self.column, self.precision_column
        fmt = _display_date if self.display else _iso_date
        return lambda row: None if row[key] is None else fmt(row[key], row[pkey])


class Lines(Col):
    """A newline-separated text column rendered as a list of non-empty lines."""

    def __init__(self, column: str, *, help_text: str):
        super().__init__(
            column,
            lambda text: [x.strip() for x in text.splitlines() if x.strip()],
            doc=serializers.ListField(
                child=serializers.CharField(), read_only=True, help_text=help_text
            ),
        )


class Link(RowField):
    """An absolute URL built from a route and a key column. reverse() runs once per request
    (with a placeholder) instead of once per row."""

    PLACEHOLDER = "0123456789"  # matches both <int:…> and <slug:…> converters

    def __init__(self, viewname: str, column: str, kwarg: str, *, help_text: str):
        self.columns = (column,)
        self.viewname, self.column, self.kwarg = viewname, column, kwarg
        self.doc = serializers.URLField(read_only=True, help_text=help_text)

    def bind(self, ctx):
        path = reverse(self.viewname, kwargs={self.kwarg: self.PLACEHOLDER})
        head, _, tail = path.partition(self.PLACEHOLDER)
        if ctx.request is not None:
            head = ctx.request.build_absolute_uri(head)
        key = self.column
        return lambda row: f"{head}{row[key]}{tail}"


class Batch(RowField):
    """A related value loaded for the whole page in one query: `load(keys, ctx)` returns
    {key: value}; rows without related rows get `default()`."""

    def __init__(
        self,
        load: Callable[[list[Any], ReadContext], dict[Any, Any]],
        key: str = "id",
        default: Callable[[], Any] = list,
        *,
        doc: serializers.Field,
    ):
        self.columns = (key,)
        self.load, self.key, self.default = load, key, default
        self.doc = doc

    def bind_rows(self, rows: list[dict], ctx: ReadContext) -> Callable[[dict], Any]:
        keys = list({row[self.key] for row in rows})
        data = self.load(keys, ctx) if keys else {}
        key, default = self.key, self.default
        return lambda row: data[row[key]] if row[key] in data else default()


class Related(Batch):
    """A list of related rows (a case's roles, an entry's citations), loaded for the whole page
    in one query and each rendered by its own field spec, `fields`; documented as a list of
    `name` objects. `queryset(keys, ctx)` selects and orders the related rows of the page's
    `owner` keys; `also` names extra columns other fields read from `rows()`."""

    def __init__(
        self,
        name: str,
        fields: dict[str, RowField],
        queryset: Callable[[list[Any], ReadContext], QuerySet],
        *,
        owner: str,
        help_text: str,
        also: Iterable[str] = (),
    ):
        self.reader = RowReader(fields, list(fields), always=[owner, *also])
        self.queryset, self.owner = queryset, owner
        doc = nested_serializer(name, fields)(many=True, read_only=True, help_text=help_text)
        super().__init__(self.load_grouped, doc=doc)

    def rows(self, keys: list[Any], ctx: ReadContext) -> list[dict]:
        """The related rows of the page, queried once per request."""
        if self not in ctx.cache:
            ctx.cache[self] = list(self.queryset(keys, ctx).values(*self.reader.columns))
        return ctx.cache[self]

    def load_grouped(self, keys: list[Any], ctx: ReadContext) -> dict[Any, list[dict]]:
        rows = self.rows(keys, ctx)
        grouped: dict[Any, list[dict]] = {}
        for row, item in zip(rows, self.reader.render(rows, ctx), strict=True):
            grouped.setdefault(row[self.owner], []).append(item)
        return grouped


class Computed(RowField):
    """Anything else: a function of the row (and the context) reading the given columns."""

    def __init__(
        self,
        columns: Iterable[str],
        func: Callable[[dict, ReadContext], Any],
        *,
        doc: serializers.Field,
    ):
        self.columns = tuple(columns)
        self.func = func
        self.doc = doc

    def bind(self, ctx):
        func = self.func
        return lambda row: func(row, ctx)


def group_rows(rows: Iterable[dict], key: str, value: Callable[[dict], Any]) -> dict:
    """{row[key]: [value(row), …]} preserving row order: the shape Batch loaders return."""
    grouped: dict[Any, list] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(value(row))
    return grouped


class RowReader:
    """Renders `.values()` rows of one field spec, restricted to the requested fields."""

    def __init__(self, spec: dict[str, RowField], names: list[str], always: Iterable[str] = ()):
        self.spec = spec
        self.names = names
        columns: dict[str, None] = {}
        for column in always:
            columns[column] = None
        for name in names:
            for column in spec[name].columns:
                columns[column] = None
        self.columns = list(columns)

    def render(self, rows: list[dict], ctx: ReadContext) -> list[dict]:
        getters = []
        for name in self.names:
            row_field = self.spec[name]
            if isinstance(row_field, Batch):
                getters.append((name, row_field.bind_rows(rows, ctx)))
            else:
                getters.append((name, row_field.bind(ctx)))
        return [{name: get(row) for name, get in getters} for row in rows]


# --- Common fields and schema docs ---------------------------------------------------------


def api_url(noun: str, viewname: str, column: str = "slug", kwarg: str = "slug") -> Link:
    return Link(viewname, column, kwarg, help_text=f"This {noun} in the API.")


def web_url(noun: str, viewname: str, column: str = "slug", kwarg: str = "slug") -> Link:
    return Link(viewname, column, kwarg, help_text=f"This {noun} on the public site.")


def text_doc(help_text: str, *, null: bool = False) -> serializers.CharField:
    """The schema of a read-only string read through a relation (a court's name)."""
    return serializers.CharField(read_only=True, allow_null=null, help_text=help_text)


def slug_doc(help_text: str, *, null: bool = False) -> serializers.SlugRelatedField:
    """The schema of a related row's slug (a case's court)."""
    return serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=null, help_text=help_text
    )


def slugs_doc(help_text: str) -> serializers.ManyRelatedField:
    """The schema of a list of related rows' slugs (an entry's topics)."""
    return serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text=help_text
    )


# --- The schema serializers, derived from the field specs --------------------------------------


def read_serializer(model: type[Model], fields: dict[str, RowField]) -> type:
    """The `<Model>Serializer` drf-spectacular documents for a field spec: each field with a
    `doc` is declared with it, the others are the model's own columns (type and help_text from
    the model); `Meta.fields` is the spec's order. It also carries the spec as `row_spec`,
    which the API renders with RowReader: no response goes through the serializer itself."""
    for name, row_field in fields.items():
        if row_field.doc is None and row_field.columns != (name,):
            raise ImproperlyConfigured(
                f"{model.__name__} field '{name}' reads {', '.join(row_field.columns)}: give it "
                "a doc= (the DRF field the schema shows)."
            )
    names = list(fields)
    meta = type("Meta", (), {"model": model, "fields": names, "read_only_fields": names})
    declared = {name: f.doc for name, f in fields.items() if f.doc is not None}
    return type(
        f"{model.__name__}Serializer",
        (DocumentedModelSerializer,),
        {**declared, "Meta": meta, "row_spec": fields},
    )


def nested_serializer(name: str, fields: dict[str, RowField]) -> type[serializers.Serializer]:
    """The `<name>Serializer` documenting the objects of a Related list: every field's `doc`."""
    missing = [key for key, row_field in fields.items() if row_field.doc is None]
    if missing:
        raise ImproperlyConfigured(f"{name} fields need a doc= for the schema: {missing}.")
    declared = {key: row_field.doc for key, row_field in fields.items()}
    return type(f"{name}Serializer", (serializers.Serializer,), declared)
