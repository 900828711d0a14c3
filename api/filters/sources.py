"""django-filter FilterSet for the sources collection of the API."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Exists, OuterRef

from api.filters.cases import choice_filter, date_range_filters, in_cases_seen_by, state_filter
from api.filters.updated import UpdatedAfterFilter
from articles.models import Source
from cases.models import CaseRole, Event, Testimony


class SourceFilter(filters.FilterSet):
    case = filters.CharFilter(
        method="filter_case", help_text="Sources reporting on this case (slug)."
    )
    party = filters.CharFilter(
        method="filter_party",
        help_text="Sources reporting on cases in which this party has a role (slug).",
    )
    topic = filters.CharFilter(
        method="filter_topic",
        help_text="Sources cited by events or testimony with this topic (slug).",
    )
    outlet = filters.CharFilter(
        field_name="outlet__domain", help_text="The outlet's domain, e.g. 'nytimes.com'."
    )
    kind = choice_filter(Source, "kind", "Kind of source")
    date_after, date_before = date_range_filters("published_at__date", "sources published")
    state = state_filter(Source)

    updated_after = UpdatedAfterFilter()

    class Meta:
        model = Source
        fields = [
            "case",
            "party",
            "topic",
            "outlet",
            "kind",
            "date_after",
            "date_before",
            "state",
            "updated_after",
        ]

    def _case_links(self):
        links = Source.cases.through.objects.filter(source=OuterRef("pk"))
        return in_cases_seen_by(links, self.request)

    def filter_case(self, queryset, name, value):
        return queryset.filter(Exists(self._case_links().filter(case__slug=value)))

    def filter_party(self, queryset, name, value):
        cases = CaseRole.objects.filter(party__slug=value).values("case_id")
        return queryset.filter(Exists(self._case_links().filter(case_id__in=cases)))

    def filter_topic(self, queryset, name, value):
        # Only public entries' topics count for anonymous readers: a topic tagged on a draft
        # event (or on an event of a draft case) must not lead to the sources it cites.
        user = getattr(self.request, "user", None)
        events = Event.objects.visible_to(user).filter(topics__slug=value).values("pk")
        testimony = Testimony.objects.visible_to(user).filter(topics__slug=value).values("pk")
        return queryset.filter(
            Exists(Event.sources.through.objects.filter(source=OuterRef("pk"), event_id__in=events))
            | Exists(
                Testimony.sources.through.objects.filter(
                    source=OuterRef("pk"), testimony_id__in=testimony
                )
            )
        )
