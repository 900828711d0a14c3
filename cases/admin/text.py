"""Text typed into the admin is held to what the API accepts (see cases.text)."""

from __future__ import annotations

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
