"""django-filter FilterSets for the public case list, the tracker table (/cases/)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from cases.models import ApplicationArea, Case, CaseRole, CauseOfAction, Court, Party, Topic
from cases.tracker import sorts

YES_NO = [("yes", "Yes"), ("no", "No")]


class WholeNumberFilter(django_filters.NumberFilter):
    """A NumberFilter of whole numbers: NumberFilter reads a decimal, so '2024.5' would
    silently filter on 2024; here it is a form error (400), as in the API's IdFilter."""

    field_class = forms.IntegerField


class YesNoFilter(django_filters.ChoiceFilter):
    """'yes' or 'no' on a boolean field; anything else is a form error (400)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", YES_NO)
        kwargs.setdefault("empty_label", "Either")
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if value in ("", None):
            return qs
        return qs.filter(**{self.field_name: value == "yes"})


def _yes_no(field_name: str, label: str) -> YesNoFilter:
    return YesNoFilter(field_name=field_name, label=label)


def _facet(field_name: str, model, label: str) -> django_filters.ModelChoiceFilter:
    """A facet value by slug, among the values published cases carry."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=model.objects.public().only("id", "slug", "name"),
        to_field_name="slug",
        empty_label=f"Any {label.lower()}",
        label=label,
        distinct=False,
    )


class CaseFilter(django_filters.FilterSet):
    """Filters of /cases/: status, court, topic, party, filing year, the DAIL-style facets,
    a text filter, and the sort order (any column of the table, either way). Choices list only
    what appears in published cases, so no draft leaks through a select box."""

    SORTS = sorts()

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
    cause = _facet("causes_of_action", CauseOfAction, "Claim")
    area = _facet("application_areas", ApplicationArea, "Area of application")
    ai_system = django_filters.CharFilter(
        field_name="ai_systems",
        lookup_expr="icontains",
        max_length=100,
        label="AI system",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. Stable Diffusion"}),
    )
    jurisdiction = django_filters.ChoiceFilter(
        field_name="jurisdiction_type",
        choices=Case.JurisdictionType.choices,
        empty_label="Any jurisdiction",
        label="Jurisdiction",
    )
    class_action = _yes_no("is_class_action", "Class action")
    published_opinion = _yes_no("has_published_opinion", "Published opinion")
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
        fields = [
            "q",
            "status",
            "court",
            "topic",
            "party",
            "cause",
            "area",
            "ai_system",
            "jurisdiction",
            "class_action",
            "published_opinion",
            "year",
            "sort",
        ]

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
            | Q(ai_systems__icontains=value)
        )

    def filter_party(self, queryset: QuerySet[Case], name: str, value: Party) -> QuerySet[Case]:
        return queryset.filter(Exists(CaseRole.objects.filter(case=OuterRef("pk"), party=value)))

    def sort_by(self, queryset: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        _label, order = self.SORTS.get(value, self.SORTS["activity"])
        return queryset.order_by(*order)
