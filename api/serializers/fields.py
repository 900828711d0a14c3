"""Serializer building blocks shared by the cases and articles APIs: partial dates, help texts
taken from the models, and model validation (clean() and constraints) for write serializers."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from api.errors import django_errors_as_dict
from cases import services
from core.dates import YEAR_RANGE_TEXT, Precision, iso_partial_date, parse_partial_date


def help_of(model: type[Model], name: str) -> str:
    """The model field's help_text, so the API documents fields with the curators' wording."""
    return str(model._meta.get_field(name).help_text or "")


# For model fields whose meaning is the same everywhere and that carry no help_text.
COMMON_HELP = {
    "slug": "The unique short name used in addresses, e.g. 'musk-v-openai'.",
    "title": "The headline or title.",
    "description": "A longer description for readers.",
    "language": "The language of the text (e.g. 'en'), when known.",
    "created_at": "When the entry was first stored.",
    "updated_at": "When the entry last changed.",
    "case": "The case (slug).",
    "court": "The court (slug).",
    "topics": "Topics (slugs).",
}


class DocumentedModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose generated fields always carry a description: the model's
    help_text, or the common wording for fields that mean the same everywhere."""

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            if not field.help_text and name in COMMON_HELP:
                field.help_text = COMMON_HELP[name]
        return fields


PARTIAL_DATE_SCHEMA = {
    "type": "string",
    "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
    "example": "2024-11",
}


@extend_schema_field(PARTIAL_DATE_SCHEMA)
class PartialDateField(serializers.Field):
    """A date known to the day, month or year, as ISO 8601 reduced precision.

    Reads '2024-11-05', '2024-11' or '2024'; writing one of those sets both the date column
    (the first day of the period) and its precision column, so a day is never invented.
    """

    default_error_messages = {
        "invalid": "Send the date as a string: YYYY, YYYY-MM or YYYY-MM-DD.",
        "null": "This date is required.",
    }

    def __init__(self, date_field: str, precision_field: str, **kwargs):
        self.date_field, self.precision_field = date_field, precision_field
        kwargs["source"] = "*"
        help_text = kwargs.pop("help_text", "")
        kwargs["help_text"] = (f"{help_text} " if help_text else "") + (
            "ISO 8601 at the known precision: 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY', "
            f"{YEAR_RANGE_TEXT}."
        )
        super().__init__(**kwargs)

    def validate_empty_values(self, data):
        # source="*" cannot take DRF's shortcut for null: to_internal_value maps it.
        if data is None and self.allow_null:
            return False, data
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if data is None:
            return {self.date_field: None, self.precision_field: Precision.DAY}
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            value, precision = parse_partial_date(data)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None
        return {self.date_field: value, self.precision_field: str(precision)}

    def to_representation(self, instance):
        value = getattr(instance, self.date_field)
        return iso_partial_date(value, getattr(instance, self.precision_field)) or None


def run_model_validation(instance: Model, *, exclude: list[str] | None = None) -> None:
    """Model.full_clean() (fields, clean(), unique and check constraints) as DRF errors."""
    try:
        instance.full_clean(exclude=exclude)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(django_errors_as_dict(exc)) from None


class ModelValidatedSerializer(DocumentedModelSerializer):
    """A write serializer that validates like the admin does: it applies the input to a copy of
    the instance and runs the model's full_clean(), so constraints and clean() rules come back
    as field-level 400s instead of IntegrityErrors. Values clean() normalizes (a source URL)
    are taken back."""

    # Validated keys that are not model columns (nested lists, m2m, state).
    non_model_keys: tuple[str, ...] = ("state",)
    # A nested list written with the row (a case's roles, an entry's citations), replaced
    # wholesale by replace_nested() when sent.
    nested_list: str | None = None

    def create(self, validated_data):
        return self.save_through_services(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self.save_through_services(instance, validated_data)

    def save_through_services(self, obj: Model, validated_data: dict) -> Model:
        """Save the row (rulebook, state kept), then its many-to-many relations, then its
        nested list."""
        nested = validated_data.pop(self.nested_list, None) if self.nested_list else None
        many_to_many = {f.name for f in obj._meta.many_to_many}
        related = {k: validated_data.pop(k) for k in list(validated_data) if k in many_to_many}
        for key, value in validated_data.items():
            setattr(obj, key, value)
        user = request_user(self)
        services.save(user=user, obj=obj)
        for name, values in related.items():
            services.set_related(user=user, obj=obj, name=name, values=values)
        if nested is not None:
            self.replace_nested(obj, nested)
        return obj

    def replace_nested(self, obj: Model, items: list[dict]) -> None:
        raise NotImplementedError(f"{type(self).__name__} names a nested_list: replace it here.")

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        if self.instance is not None:
            candidate = model._default_manager.get(pk=self.instance.pk)
        else:
            candidate = model()
        many_to_many = {f.name for f in model._meta.many_to_many}
        for key, value in attrs.items():
            if key in self.non_model_keys or key in many_to_many:
                continue
            setattr(candidate, key, value)
        run_model_validation(candidate)
        for key in attrs:
            if key not in self.non_model_keys and key not in many_to_many:
                attrs[key] = getattr(candidate, key)
        return attrs


# --- Writes: caps on lists, one query per list, and saving through the services ----------------

# The caps (services.MAX_*, said in docs/api.md) are checked before any lookup.


def cap_message(cap: int, noun: str) -> str:
    return f"Send at most {cap} {noun} in one request; split a longer list over several updates."


def capped(cap: int, noun: str) -> dict:
    """Keyword arguments for a list (`many=True` serializer or ListField) of at most `cap`
    items, refused before any item is looked at."""
    return {"max_length": cap, "error_messages": {"max_length": cap_message(cap, noun)}}


def resolve(model: type[Model], field: str, values: list, noun: str) -> list[Model]:
    """The rows whose `field` is each of `values`, in order, looked up in one query; a 400
    names the values that match nothing."""
    found = {
        getattr(obj, field): obj
        for obj in model._default_manager.filter(**{f"{field}__in": values})
    }
    missing = [str(value) for value in dict.fromkeys(values) if value not in found]
    if missing:
        raise serializers.ValidationError(f"No {noun} matches: {', '.join(missing[:20])}.")
    return [found[value] for value in values]


class SlugListField(serializers.ListField):
    """A list of slugs of `model`, at most `cap` of them, resolved to rows in one query.
    DRF's SlugRelatedField(many=True) runs one query per item."""

    def __init__(self, model: type[Model], *, cap: int, noun: str, **kwargs):
        self.model = model
        self.cap = cap
        self.noun = noun
        kwargs.setdefault("child", serializers.SlugField(max_length=200))
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, list) and len(data) > self.cap:
            raise serializers.ValidationError(cap_message(self.cap, self.noun))
        slugs = super().to_internal_value(data)
        return resolve(self.model, "slug", slugs, self.noun)

    def to_representation(self, value):
        return [obj.slug for obj in value.all()]


def request_user(serializer: serializers.Serializer):
    return serializer.context["request"].user


class LinesField(serializers.ListField):
    """A newline-separated text column exposed as a list of strings."""

    def __init__(self, **kwargs):
        kwargs.setdefault("child", serializers.CharField(max_length=200))
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        for value in values:
            if "\n" in value or "\r" in value:
                raise serializers.ValidationError("Each entry must be one line.")
        return "\n".join(value.strip() for value in values if value.strip())

    def to_representation(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def get_value(self, dictionary):
        value = dictionary.get(self.field_name, empty)
        return value


def unique_in_list(items: list[dict], key: tuple[str, ...], message: str) -> None:
    seen = set()
    for item in items:
        marker = tuple(getattr(item.get(k), "pk", item.get(k)) for k in key)
        if marker in seen:
            raise serializers.ValidationError(message)
        seen.add(marker)
