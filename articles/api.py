"""REST API viewset for sources (issue 4); see cases.api_viewsets.ApiViewSet."""

from __future__ import annotations

from cases.api import documented
from cases.api_pagination import CursorPagination
from cases.api_viewsets import ApiViewSet

from . import serializers
from .filters import SourceFilter
from .models import Source


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
