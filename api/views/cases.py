"""REST API viewsets for courts, topics, parties, cases, events and testimony (issue 4).

The shared behaviour (fast reads, strict parameters, sparse fields, CSV, conditional GET,
writes through the publication service) lives in ApiViewSet; each collection here states its
model, serializers, filters, search, ordering and pagination explicitly.
"""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

from api.filters import cases as api_filters
from api.pagination import CursorPagination, PageNumberPagination
from api.serializers import cases as serializers
from api.serializers import entries as entry_serializers
from api.views.base import FIELDS_PARAMETER, ApiViewSet
from cases.models import Case, Court, Event, Party, Testimony, Topic
from cases.tracker import row_annotations

# Reading needs no credentials; writing needs a token or a session.
READ_AUTH = [{"tokenAuth": []}, {"cookieAuth": []}, {}]


FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv", "csv-excel"],
    description="Response format: json (default), or csv: every matching entry (not one page), "
    "streamed as a download, one row per entry; lists of names joined with '; ', nested lists "
    "as JSON; cells starting with =, +, -, @, tab or CR prefixed with ' so spreadsheets do not "
    "run them. csv-excel: the same with a UTF-8 byte order mark, for Excel.",
)


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(
        response=OpenApiTypes.OBJECT,
        description=description + ' The JSON body names the problem: {"detail": …} or '
        '{"<field or parameter>": [messages]}.',
    )


READ_ERRORS = {
    400: _error("An unknown query parameter or a malformed value."),
    404: _error("No such entry, or a draft the client may not see."),
    429: _error("Throttled: retry after the Retry-After header's seconds."),
}
WRITE_ERRORS = {
    **READ_ERRORS,
    400: _error("Invalid input: field-level messages."),
    401: _error("No credentials: send a token (Authorization: Token …)."),
    403: _error("The user may not do this (e.g. publish without the publish permission)."),
    409: _error("Conflicts with stored data (e.g. deleting an entry others refer to)."),
    413: _error("The request body is too large."),
    415: _error("The body is not JSON (send Content-Type: application/json)."),
}


def documented(read, write, name: str, lookup: str | None = None):
    """The schema of a collection: reads return `read`, writes take `write` and return `read`.
    `lookup` names the path parameter of slug-addressed collections."""
    detail = []
    if lookup:
        detail = [
            OpenApiParameter(
                lookup,
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description=f"The {name[:-1] if name.endswith('s') else name}'s slug.",
            )
        ]
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {name}",
            auth=READ_AUTH,
            parameters=[FIELDS_PARAMETER, FORMAT_PARAMETER],
            description=f"Published {name} (drafts too for curators and editors). Add "
            "`?format=csv` (or `csv-excel`) to download every matching entry as CSV.",
            responses={
                (200, "application/json"): read,
                (200, "text/csv"): OpenApiResponse(
                    response=OpenApiTypes.STR,
                    description="Every matching entry as CSV (Content-Disposition: attachment).",
                ),
                # Errors are JSON even when CSV was asked for.
                **{(code, "application/json"): error for code, error in READ_ERRORS.items()},
            },
        ),
        retrieve=extend_schema(
            summary=f"One of the {name}",
            auth=READ_AUTH,
            parameters=[FIELDS_PARAMETER, *detail],
            responses={200: read, 304: OpenApiResponse(description="Not modified."), **READ_ERRORS},
        ),
        create=extend_schema(
            summary=f"Create one of the {name}",
            request=write,
            responses={201: read, **WRITE_ERRORS},
        ),
        update=extend_schema(
            summary=f"Replace one of the {name}",
            request=write,
            responses={200: read, **WRITE_ERRORS},
            parameters=detail,
        ),
        partial_update=extend_schema(
            summary=f"Change some fields of one of the {name}",
            request=write,
            responses={200: read, **WRITE_ERRORS},
            parameters=detail,
        ),
        destroy=extend_schema(
            summary=f"Delete one of the {name}",
            parameters=detail,
            responses={204: OpenApiResponse(description="Deleted."), **WRITE_ERRORS},
        ),
    )


@documented(serializers.CourtSerializer, serializers.CourtWriteSerializer, "courts", lookup="slug")
class CourtViewSet(ApiViewSet):
    """Courts the cases are heard in."""

    model = Court
    read_serializer_class = serializers.CourtSerializer
    write_serializer_class = serializers.CourtWriteSerializer
    filterset_class = api_filters.CourtFilter
    search_fields = ["name", "short_name"]
    ordering_fields = ["name", "short_name"]
    ordering = ["name"]
    pagination_class = PageNumberPagination
    lookup_field = "slug"


@documented(serializers.TopicSerializer, serializers.TopicWriteSerializer, "topics", lookup="slug")
class TopicViewSet(ApiViewSet):
    """Topics that run across cases, such as model distillation or fair use in training."""

    model = Topic
    read_serializer_class = serializers.TopicSerializer
    write_serializer_class = serializers.TopicWriteSerializer
    filterset_class = api_filters.TopicFilter
    search_fields = ["name", "description"]
    ordering_fields = ["name"]
    ordering = ["name"]
    pagination_class = PageNumberPagination
    lookup_field = "slug"


@documented(serializers.PartySerializer, serializers.PartyWriteSerializer, "parties", lookup="slug")
class PartyViewSet(ApiViewSet):
    """People and organizations, with the roles they hold in published cases."""

    model = Party
    read_serializer_class = serializers.PartySerializer
    write_serializer_class = serializers.PartyWriteSerializer
    filterset_class = api_filters.PartyFilter
    search_fields = ["name", "aliases", "description"]
    ordering_fields = ["name"]
    ordering = ["name"]
    pagination_class = PageNumberPagination
    lookup_field = "slug"


@documented(serializers.CaseSerializer, serializers.CaseWriteSerializer, "cases", lookup="slug")
class CaseViewSet(ApiViewSet):
    """Cases with their court, status, dates at their precision, topics, parties, facets
    (causes of action, areas of application, AI systems …) and tracker row (judge, latest
    development, next date)."""

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

    def get_queryset(self) -> QuerySet:
        """Cases carry the tracker table's row (judge, latest development, next date): the
        same annotations as /cases/ (cases.tracker); `.values()` selects them only when the
        answer asks for them (also the answer to a write)."""
        return super().get_queryset().annotate(**row_annotations())


class CaseEntryViewSet(ApiViewSet):
    """Events and testimony: entries of a case, hidden while their case is a draft."""


@documented(entry_serializers.EventSerializer, entry_serializers.EventWriteSerializer, "events")
class EventViewSet(CaseEntryViewSet):
    """Dated entries of case timelines (filings, hearings, rulings …), each citing its sources."""

    model = Event
    read_serializer_class = entry_serializers.EventSerializer
    write_serializer_class = entry_serializers.EventWriteSerializer
    filterset_class = api_filters.EventFilter
    search_fields = ["title", "description"]
    ordering_fields = ["date", "updated_at", "id"]
    ordering = ["date"]
    ordering_tiebreakers = {"date": ["-date_precision"]}
    pagination_class = CursorPagination


@documented(
    entry_serializers.TestimonySerializer, entry_serializers.TestimonyWriteSerializer, "testimony"
)
class TestimonyViewSet(CaseEntryViewSet):
    """Statements made in proceedings, each with the sources reporting it and their wording."""

    model = Testimony
    read_serializer_class = entry_serializers.TestimonySerializer
    write_serializer_class = entry_serializers.TestimonyWriteSerializer
    filterset_class = api_filters.TestimonyFilter
    search_fields = ["excerpt", "context", "witness__name"]
    ordering_fields = ["date", "updated_at", "id"]
    ordering = ["date"]
    ordering_tiebreakers = {"date": ["-date_precision"]}
    pagination_class = CursorPagination
