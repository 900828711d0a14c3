"""django-filter FilterSets for the public case list."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from cases.models import Case, CaseRole, Court, Party, Topic


class WholeNumberFilter(django_filters.NumberFilter):
    """A NumberFilter of whole numbers: NumberFilter reads a decimal, so '2024.5' would
    silently filter on 2024; here it is a form error (400), as in the API's IdFilter."""

    field_class = forms.IntegerField


class CaseFilter(django_filters.FilterSet):
    """Filters of /cases/: status, court, topic, party, filing year, a text filter, and the
    sort order. Choices list only what appears in published cases, so no draft leaks through a
    select box."""

    SORTS = {
        "activity": ("Latest activity", (F("latest_activity").desc(), "short_title")),
        "filed": ("Newest filing", (F("filed_on").desc(nulls_last=True), "short_title")),
        "filed_asc": ("Oldest filing", (F("filed_on").asc(nulls_last=True), "short_title")),
        "title": ("Title (A–Z)", ("short_title",)),
    }

    q = django_filters.CharFilter(
        method="filter_text",
        label="Text",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Title, caption or docket"}),
    )
    status = django_filters.ChoiceFilter(
        choices=Case.Status.choices, empty_label="Any status", label="Status"
    )
    court = django_filters.ModelChoiceFilter(
        queryset=Court.objects.filter(
            Exists(Case.objects.public().filter(court=OuterRef("pk")))
        ).only("id", "slug", "short_name", "name"),
        to_field_name="slug",
        empty_label="Any court",
        label="Court",
    )
    topic = django_filters.ModelChoiceFilter(
        field_name="topics",
        queryset=Topic.objects.filter(
            Exists(Case.objects.public().filter(topics=OuterRef("pk")))
        ).only("id", "slug", "name"),
        to_field_name="slug",
        empty_label="Any topic",
        label="Topic",
    )
    party = django_filters.ModelChoiceFilter(
        method="filter_party",
        queryset=Party.objects.filter(
            Exists(CaseRole.objects.filter(party=OuterRef("pk"), case__in=Case.objects.public()))
        ).only("id", "slug", "name"),
        to_field_name="slug",
        empty_label="Any party",
        label="Party",
    )
    year = WholeNumberFilter(
        field_name="filed_on",
        lookup_expr="year",
        label="Filed in (year)",
        min_value=1900,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "e.g. 2024"}),
    )
    sort = django_filters.ChoiceFilter(
        method="sort_by",
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
        empty_label=None,
        null_label=None,
        label="Sort by",
    )

    class Meta:
        model = Case
        fields = ["q", "status", "court", "topic", "party", "year", "sort"]

    def __init__(self, data=None, *args, **kwargs):
        # Sorting by latest activity is the default; a ChoiceFilter only runs when given.
        if data is not None and not data.get("sort"):
            data = data.copy()
            data["sort"] = "activity"
        super().__init__(data, *args, **kwargs)

    def filter_text(self, queryset: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(short_title__icontains=value)
            | Q(caption__icontains=value)
            | Q(docket_number__icontains=value)
        )

    def filter_party(self, queryset: QuerySet[Case], name: str, value: Party) -> QuerySet[Case]:
        return queryset.filter(Exists(CaseRole.objects.filter(case=OuterRef("pk"), party=value)))

    def sort_by(self, queryset: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        _label, order = self.SORTS.get(value, self.SORTS["activity"])
        return queryset.order_by(*order)
