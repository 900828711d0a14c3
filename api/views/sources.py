"""REST API viewset for sources (issue 4); see cases.api_viewsets.ApiViewSet."""

from __future__ import annotations

from api.filters.sources import SourceFilter
from api.pagination import CursorPagination
from api.serializers import sources as serializers
from api.views.base import ApiViewSet
from api.views.cases import documented
from articles.models import Source


@documented(serializers.SourceSerializer, serializers.SourceWriteSerializer, "sources")
class SourceViewSet(ApiViewSet):
    """News articles, court documents, transcripts and posts that report on the cases."""

    model = Source
    read_serializer_class = serializers.SourceSerializer
    write_serializer_class = serializers.SourceWriteSerializer
    filterset_class = SourceFilter
    search_fields = ["title", "summary", "authors", "url"]
    # Newest additions first: a stable order for syncing a growing collection (publication
    # dates can be unknown, which cursor pagination cannot order by).
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at"]
    pagination_class = CursorPagination
