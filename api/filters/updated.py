"""`updated_after=`: every collection can be synced incrementally by a poller, which keeps the
time of its last sync and asks only for the rows changed since."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Exists, OuterRef

HELP = (
    "Only rows changed after this moment (ISO 8601, e.g. 2026-05-01T12:00:00Z; without a "
    "time zone, the site's). Poll with the time of your last sync to fetch only what changed."
)


class UpdatedAfterFilter(filters.IsoDateTimeFilter):
    """Rows whose `updated_at` is after the given moment."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("field_name", "updated_at")
        kwargs.setdefault("lookup_expr", "gt")
        kwargs.setdefault("help_text", HELP)
        super().__init__(*args, **kwargs)


class ChangedAfterFilter(filters.IsoDateTimeFilter):
    """For models without `updated_at` (courts, parties, topics): rows with a change in their
    history (django-simple-history) after the given moment."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", HELP)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        history = qs.model.history.model.objects.filter(id=OuterRef("pk"), history_date__gt=value)
        return qs.filter(Exists(history))
