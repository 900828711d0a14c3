"""Text in the admin: what curators type is held to what the API accepts (see core.text), and
what the admin shows is kept short (list cells; the source pickers are in cases.admin.pickers)."""

from __future__ import annotations

from django import forms
from django.db import models

from core.text import validate_no_control_characters

# The admin's form fields for these model fields (and their subclasses the admin has its own
# widgets for) refuse C0 and bidirectional control characters, as the API does.
TEXT_FIELDS = (models.CharField, models.TextField, models.URLField, models.SlugField)


class CleanTextAdminMixin:
    """Put first in a ModelAdmin's or an inline's bases."""

    formfield_overrides = {
        field: {"validators": [validate_no_control_characters]} for field in TEXT_FIELDS
    }


def with_text_box(**attrs) -> dict:
    """CleanTextAdminMixin's formfield_overrides with text fields in a textarea of `attrs`."""
    overrides = dict(CleanTextAdminMixin.formfield_overrides)
    overrides[models.TextField] = {
        **overrides[models.TextField],
        "widget": forms.Textarea(attrs=attrs),
    }
    return overrides


def shortened(text: str, limit: int = 60) -> str:
    """`text` cut at a word to at most `limit` characters, with an ellipsis: a list column
    stays one or two lines wide whatever a curator pasted into it."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"
