"""django-filter FilterSets for the API collections of the cases app.

Every filter has a help_text (it becomes the parameter's description in the OpenAPI schema).
Filters across relations use EXISTS subqueries, so they never duplicate rows.
"""

from __future__ import annotations

import calendar
import datetime as dt

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from drf_spectacular.utils import extend_schema_field

from api.filters.updated import ChangedAfterFilter, UpdatedAfterFilter
from api.serializers.fields import help_of
from cases.models import Case, CaseRole, Court, Event, Party, Testimony, Topic
from core.dates import Precision, parse_partial_date
from core.publishing import PublicationState


def in_cases_seen_by(rows, request):
    """`rows` (of a model with a `case` key) limited to the cases the request's user may see
    (Case.objects.visible_to): readers must not learn about draft cases through a filter."""
    return rows.filter(case__in=Case.objects.visible_to(getattr(request, "user", None)))


class PartialDateFormField(forms.Field):
    """'2024', '2024-11' or '2024-11-05' → (first day, last day) of that period."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            start, precision = parse_partial_date(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        if precision == Precision.YEAR:
            end = dt.date(start.year, 12, 31)
        elif precision == Precision.MONTH:
            end = dt.date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
        else:
            end = start
        return start, end


def documented_schema(filter_: filters.Filter, schema: dict) -> None:
    """Give one filter an explicit OpenAPI schema that keeps its help_text as description
    (drf-spectacular drops the description when a schema is overridden)."""
    help_text = filter_.extra.get("help_text")
    extend_schema_field({**schema, **({"description": help_text} if help_text else {})})(filter_)


class PartialDateFilter(filters.Filter):
    """date_after=2024 keeps entries from 1 January 2024 on; date_before=2024-11 keeps entries
    up to 30 November 2024. Compares the stored date (the first day of its period)."""

    field_class = PartialDateFormField

    def __init__(self, *args, after: bool, **kwargs):
        self.after = after
        super().__init__(*args, **kwargs)
        documented_schema(
            self, {"type": "string", "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"}
        )

    def filter(self, qs, value):
        if not value:
            return qs
        start, end = value
        if self.after:
            return qs.filter(**{f"{self.field_name}__gte": start})
        return qs.filter(**{f"{self.field_name}__lte": end})


def date_range_filters(field_name: str, what: str):
    return (
        PartialDateFilter(
            field_name=field_name,
            after=True,
            help_text=f"Only {what} on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).",
        ),
        PartialDateFilter(
            field_name=field_name,
            after=False,
            help_text=f"Only {what} on or before this date (YYYY, YYYY-MM or YYYY-MM-DD; a "
            "month or year includes its last day).",
        ),
    )


class IdFilter(filters.NumberFilter):
    """A database id: a whole number in range (a decimal or a huge number is a 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)
        documented_schema(self, {"type": "integer", "minimum": 1, "maximum": 2**63 - 1})


class StrictBooleanFilter(filters.TypedChoiceFilter):
    """true/false (also 1/0); anything else is a 400, never silently ignored."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", "true"), ("false", "false"), ("1", "1"), ("0", "0")])
        kwargs.setdefault("coerce", lambda value: value in ("true", "1", True))
        super().__init__(*args, **kwargs)
        documented_schema(self, {"type": "boolean"})


def choice_filter(model, field_name: str, label: str, **kwargs) -> filters.MultipleChoiceFilter:
    field = model._meta.get_field(field_name)
    return filters.MultipleChoiceFilter(
        field_name=field_name,
        choices=field.choices,
        help_text=f"{label} (repeat the parameter for several). {field.help_text}".strip(),
        **kwargs,
    )


def state_filter(model) -> filters.ChoiceFilter:
    return filters.ChoiceFilter(
        field_name="state",
        choices=PublicationState.choices,
        help_text="Publication state. Anonymous readers only ever see published entries; "
        "curators and editors can ask for drafts. " + help_of(model, "state"),
    )


def _party_in_case(party_slug: str, case_ref: str = "pk") -> Exists:
    return Exists(CaseRole.objects.filter(case=OuterRef(case_ref), party__slug=party_slug))


class CourtFilter(filters.FilterSet):
    jurisdiction = filters.CharFilter(
        lookup_expr="icontains", help_text=help_of(Court, "jurisdiction") + " (contains)."
    )

    updated_after = ChangedAfterFilter()

    class Meta:
        model = Court
        fields = ["jurisdiction", "updated_after"]


class TopicFilter(filters.FilterSet):
    case = filters.CharFilter(method="filter_case", help_text="Topics of this case (slug).")

    updated_after = ChangedAfterFilter()

    class Meta:
        model = Topic
        fields = ["case", "updated_after"]

    def filter_case(self, queryset, name, value):
        links = Case.topics.through.objects.filter(topic=OuterRef("pk"), case__slug=value)
        return queryset.filter(Exists(in_cases_seen_by(links, self.request)))


class PartyFilter(filters.FilterSet):
    kind = choice_filter(Party, "kind", "Person or organization")
    case = filters.CharFilter(
        method="filter_case", help_text="Parties with a role in this case (slug)."
    )
    role = filters.MultipleChoiceFilter(
        choices=CaseRole.Role.choices,
        method="filter_role",
        help_text="Parties holding this role in some case (repeat for several).",
    )

    updated_after = ChangedAfterFilter()

    class Meta:
        model = Party
        fields = ["kind", "case", "role", "updated_after"]

    def _roles(self):
        return in_cases_seen_by(CaseRole.objects.filter(party=OuterRef("pk")), self.request)

    def filter_case(self, queryset, name, value):
        return queryset.filter(Exists(self._roles().filter(case__slug=value)))

    def filter_role(self, queryset, name, value):
        return queryset.filter(Exists(self._roles().filter(role__in=value))) if value else queryset


class CaseFilter(filters.FilterSet):
    status = choice_filter(Case, "status", "Case status")
    cause = filters.CharFilter(
        method="filter_cause", help_text="Cases bringing this cause of action (slug)."
    )
    area = filters.CharFilter(
        method="filter_area", help_text="Cases in this area of application (slug)."
    )
    ai_system = filters.CharFilter(
        field_name="ai_systems",
        lookup_expr="icontains",
        max_length=100,
        help_text="Cases naming this AI system (contains, any case).",
    )
    jurisdiction_type = choice_filter(Case, "jurisdiction_type", "Jurisdiction type")
    class_action = StrictBooleanFilter(
        field_name="is_class_action", help_text=help_of(Case, "is_class_action") + " (true/false)"
    )
    published_opinion = StrictBooleanFilter(
        field_name="has_published_opinion",
        help_text=help_of(Case, "has_published_opinion") + " (true/false)",
    )
    court = filters.CharFilter(field_name="court__slug", help_text="The court (slug).")
    topic = filters.CharFilter(method="filter_topic", help_text="Cases with this topic (slug).")
    party = filters.CharFilter(
        method="filter_party", help_text="Cases in which this party has any role (slug)."
    )
    date_after, date_before = date_range_filters("filed_on", "cases filed")
    state = state_filter(Case)

    updated_after = UpdatedAfterFilter()

    class Meta:
        model = Case
        fields = [
            "status",
            "court",
            "topic",
            "party",
            "cause",
            "area",
            "ai_system",
            "jurisdiction_type",
            "class_action",
            "published_opinion",
            "date_after",
            "date_before",
            "state",
            "updated_after",
        ]

    def filter_topic(self, queryset, name, value):
        return queryset.filter(
            Exists(Case.topics.through.objects.filter(case=OuterRef("pk"), topic__slug=value))
        )

    def filter_cause(self, queryset, name, value):
        links = Case.causes_of_action.through.objects.filter(
            case=OuterRef("pk"), causeofaction__slug=value
        )
        return queryset.filter(Exists(links))

    def filter_area(self, queryset, name, value):
        links = Case.application_areas.through.objects.filter(
            case=OuterRef("pk"), applicationarea__slug=value
        )
        return queryset.filter(Exists(links))

    def filter_party(self, queryset, name, value):
        return queryset.filter(_party_in_case(value))


class EventFilter(filters.FilterSet):
    case = filters.CharFilter(field_name="case__slug", help_text="The case (slug).")
    court = filters.CharFilter(field_name="case__court__slug", help_text="The case's court (slug).")
    party = filters.CharFilter(
        method="filter_party", help_text="Events of cases in which this party has a role (slug)."
    )
    topic = filters.CharFilter(method="filter_topic", help_text="Events with this topic (slug).")
    kind = choice_filter(Event, "kind", "Kind of event")
    importance = choice_filter(Event, "importance", "Importance")
    source = IdFilter(method="filter_source", help_text="Events citing this source (id).")
    date_after, date_before = date_range_filters("date", "events")
    state = state_filter(Event)

    updated_after = UpdatedAfterFilter()

    class Meta:
        model = Event
        fields = [
            "case",
            "court",
            "party",
            "topic",
            "kind",
            "importance",
            "source",
            "date_after",
            "date_before",
            "state",
            "updated_after",
        ]

    def filter_party(self, queryset, name, value):
        return queryset.filter(_party_in_case(value, "case_id"))

    def filter_topic(self, queryset, name, value):
        return queryset.filter(
            Exists(Event.topics.through.objects.filter(event=OuterRef("pk"), topic__slug=value))
        )

    def filter_source(self, queryset, name, value):
        return queryset.filter(
            Exists(Event.sources.through.objects.filter(event=OuterRef("pk"), source_id=value))
        )


class TestimonyFilter(filters.FilterSet):
    case = filters.CharFilter(field_name="case__slug", help_text="The case (slug).")
    court = filters.CharFilter(field_name="case__court__slug", help_text="The case's court (slug).")
    witness = filters.CharFilter(
        method="filter_witness",
        help_text="Testimony of this witness (party slug); statements from the bench are not "
        "testimony: ask for them with `said_by` or `speaker=bench`.",
    )
    said_by = filters.CharFilter(
        field_name="witness__slug", help_text="Statements by this party, witness or judge (slug)."
    )
    speaker = choice_filter(Testimony, "speaker", "A witness's testimony or the bench's words")
    party = filters.CharFilter(
        method="filter_party",
        help_text="Statements by this party or made while they examined the witness (slug).",
    )
    topic = filters.CharFilter(
        method="filter_topic", help_text="Statements with this topic (slug)."
    )
    setting = choice_filter(Testimony, "setting", "Where it was said")
    phase = choice_filter(Testimony, "phase", "Examination phase")
    verbatim = StrictBooleanFilter(
        field_name="is_verbatim", help_text=help_of(Testimony, "is_verbatim") + " (true/false)"
    )
    source = IdFilter(method="filter_source", help_text="Statements citing this source (id).")
    date_after, date_before = date_range_filters("date", "statements")
    state = state_filter(Testimony)

    updated_after = UpdatedAfterFilter()

    class Meta:
        model = Testimony
        fields = [
            "case",
            "court",
            "witness",
            "said_by",
            "speaker",
            "party",
            "topic",
            "setting",
            "phase",
            "verbatim",
            "source",
            "date_after",
            "date_before",
            "state",
            "updated_after",
        ]

    def filter_witness(self, queryset, name, value):
        return queryset.filter(witness__slug=value, speaker=Testimony.Speaker.WITNESS)

    def filter_party(self, queryset, name, value):
        return queryset.filter(Q(witness__slug=value) | Q(examining_counsel__slug=value))

    def filter_topic(self, queryset, name, value):
        return queryset.filter(
            Exists(
                Testimony.topics.through.objects.filter(testimony=OuterRef("pk"), topic__slug=value)
            )
        )

    def filter_source(self, queryset, name, value):
        return queryset.filter(
            Exists(
                Testimony.sources.through.objects.filter(testimony=OuterRef("pk"), source_id=value)
            )
        )
