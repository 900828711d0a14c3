"""REST API viewsets for courts, topics, parties, cases, events and testimony (issue 4).

The shared behaviour (fast reads, strict parameters, sparse fields, CSV, conditional GET,
writes through the publication service) lives in ApiViewSet; each collection here states its
model, serializers, filters, search, ordering and pagination explicitly.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

from . import api_filters, serializers
from .api_support import CursorPagination, PageNumberPagination
from .api_viewsets import FIELDS_PARAMETER, ApiViewSet
from .models import Case, Court, Event, Party, PublicationState, Testimony, Topic

# Reading needs no credentials; writing needs a token or a session.
READ_AUTH = [{"tokenAuth": []}, {"cookieAuth": []}, {}]


def documented(read, write, name: str):
    """The schema of a collection: reads return `read`, writes take `write` and return `read`."""
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {name}",
            auth=READ_AUTH,
            parameters=[FIELDS_PARAMETER],
            description=f"Published {name} (drafts too for curators and editors). Add "
            "`?format=csv` for CSV.",
        ),
        retrieve=extend_schema(
            summary=f"One of the {name}", auth=READ_AUTH, parameters=[FIELDS_PARAMETER]
        ),
        create=extend_schema(
            summary=f"Create one of the {name}", request=write, responses={201: read}
        ),
        update=extend_schema(summary=f"Replace one of the {name}", request=write, responses=read),
        partial_update=extend_schema(
            summary=f"Change some fields of one of the {name}", request=write, responses=read
        ),
        destroy=extend_schema(summary=f"Delete one of the {name}"),
    )


@documented(serializers.CourtSerializer, serializers.CourtWriteSerializer, "courts")
class CourtViewSet(ApiViewSet):
    model = Court
    read_serializer_class = serializers.CourtSerializer
    write_serializer_class = serializers.CourtWriteSerializer
    filterset_class = api_filters.CourtFilter
    search_fields = ["name", "short_name"]
    ordering_fields = ["name", "short_name"]
    ordering = ["name"]
    pagination_class = PageNumberPagination
    lookup_field = "slug"


@documented(serializers.TopicSerializer, serializers.TopicWriteSerializer, "topics")
class TopicViewSet(ApiViewSet):
    model = Topic
    read_serializer_class = serializers.TopicSerializer
    write_serializer_class = serializers.TopicWriteSerializer
    filterset_class = api_filters.TopicFilter
    search_fields = ["name", "description"]
    ordering_fields = ["name"]
    ordering = ["name"]
    pagination_class = PageNumberPagination
    lookup_field = "slug"


@documented(serializers.PartySerializer, serializers.PartyWriteSerializer, "parties")
class PartyViewSet(ApiViewSet):
    model = Party
    read_serializer_class = serializers.PartySerializer
    write_serializer_class = serializers.PartyWriteSerializer
    filterset_class = api_filters.PartyFilter
    search_fields = ["name", "aliases", "description"]
    ordering_fields = ["name"]
    ordering = ["name"]
    pagination_class = PageNumberPagination
    lookup_field = "slug"


@documented(serializers.CaseSerializer, serializers.CaseWriteSerializer, "cases")
class CaseViewSet(ApiViewSet):
    model = Case
    read_serializer_class = serializers.CaseSerializer
    write_serializer_class = serializers.CaseWriteSerializer
    filterset_class = api_filters.CaseFilter
    search_fields = ["short_title", "caption", "docket_number", "summary"]
    ordering_fields = ["short_title", "filed_on", "updated_at"]
    ordering = ["short_title"]
    ordering_tiebreakers = {"filed_on": ["-filed_on_precision"]}
    pagination_class = PageNumberPagination
    lookup_field = "slug"


class CaseEntryViewSet(ApiViewSet):
    """Events and testimony: entries of a case, hidden while their case is a draft."""

    def published(self, queryset):
        return queryset.filter(
            state=PublicationState.PUBLISHED, case__state=PublicationState.PUBLISHED
        )


@documented(serializers.EventSerializer, serializers.EventWriteSerializer, "events")
class EventViewSet(CaseEntryViewSet):
    model = Event
    read_serializer_class = serializers.EventSerializer
    write_serializer_class = serializers.EventWriteSerializer
    filterset_class = api_filters.EventFilter
    search_fields = ["title", "description"]
    ordering_fields = ["date", "updated_at", "id"]
    ordering = ["date"]
    ordering_tiebreakers = {"date": ["-date_precision"]}
    pagination_class = CursorPagination


@documented(serializers.TestimonySerializer, serializers.TestimonyWriteSerializer, "testimony")
class TestimonyViewSet(CaseEntryViewSet):
    model = Testimony
    read_serializer_class = serializers.TestimonySerializer
    write_serializer_class = serializers.TestimonyWriteSerializer
    filterset_class = api_filters.TestimonyFilter
    search_fields = ["excerpt", "context", "witness__name"]
    ordering_fields = ["date", "updated_at", "id"]
    ordering = ["date"]
    ordering_tiebreakers = {"date": ["-date_precision"]}
    pagination_class = CursorPagination
