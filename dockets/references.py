"""A curator links a case to its CourtListener docket with the docket's id or its page's URL
(https://www.courtlistener.com/docket/<id>/<slug>/). One function reads both; the admin's form
field and the API's serializer field call it, so both accept and refuse the same things."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

DOCKET_PATH = re.compile(r"^/docket/(?P<id>\d+)(?:/[^/]*)?/?$")
COURTLISTENER_HOSTS = frozenset({"courtlistener.com", "www.courtlistener.com"})
MAX_DOCKET_ID = 2_147_483_647  # Case.courtlistener_docket_id is a PositiveIntegerField

HELP = (
    "CourtListener's docket id (e.g. 68477933) or the docket page's URL "
    "(https://www.courtlistener.com/docket/68477933/…/)."
)


def parse_docket_reference(value: str | int | None) -> int | None:
    """The docket id in `value` (an id, or a courtlistener.com docket URL); None for blank.
    ValidationError says what is accepted."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if text.isdigit():
        number = int(text)
    else:
        parts = urlsplit(text)
        match = DOCKET_PATH.match(parts.path)
        if (
            parts.scheme not in ("http", "https")
            or (parts.hostname or "").lower() not in COURTLISTENER_HOSTS
            or not match
        ):
            raise ValidationError(
                f"“{text[:200]}” is neither a CourtListener docket id nor a docket URL. "
                "Paste the number, or the address of the docket's page on courtlistener.com, "
                "like https://www.courtlistener.com/docket/68477933/andersen-v-stability-ai-ltd/.",
                code="invalid_docket",
            )
        number = int(match["id"])
    if not 0 < number <= MAX_DOCKET_ID:
        raise ValidationError(
            f"{number} is not a CourtListener docket id: ids are positive whole numbers.",
            code="invalid_docket",
        )
    return number


class DocketReferenceFormField(forms.CharField):
    """The admin's field for Case.courtlistener_docket_id: an id or a docket URL."""

    def __init__(self, **kwargs) -> None:
        kwargs.pop("max_value", None)
        kwargs.pop("min_value", None)
        kwargs.pop("step_size", None)
        kwargs.setdefault("help_text", HELP)
        super().__init__(**kwargs)

    def to_python(self, value):
        return parse_docket_reference(super().to_python(value))


@extend_schema_field(
    {"oneOf": [{"type": "integer"}, {"type": "string", "format": "uri"}], "nullable": True}
)
class DocketReferenceSerializerField(serializers.Field):
    """The API's field for courtlistener_docket_id: writes an id or a docket URL, reads the id."""

    default_error_messages = {"invalid": "Send a CourtListener docket id or docket URL."}

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("help_text", HELP)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str | int) or isinstance(data, bool):
            self.fail("invalid")
        try:
            return parse_docket_reference(data)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc

    def to_representation(self, value):
        return value
