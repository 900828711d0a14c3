"""GET /api/v1/search/?q=: the site's full-text search (cases.search) for programs.

The search itself (ranking, highlighting, what is public) is cases.search.search(), the same
call the search page makes; this view only validates the parameters and renders the hits.
"""

from __future__ import annotations

from django.urls import resolve, reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api.views.base import PublicApiView
from cases.search import query as site_search

DEFAULT_PAGE_SIZE = 20


class SearchParamsSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=site_search.MAX_QUERY_LENGTH,
        help_text='What to look for: words (all must match), "a phrase", -excluded, or. '
        "May be empty only together with `outlet`.",
    )
    kind = serializers.MultipleChoiceField(
        choices=site_search.Kind.choices,
        required=False,
        help_text="Only hits of this kind (repeat the parameter for several).",
    )
    outlet = serializers.CharField(
        required=False,
        max_length=255,
        help_text="Only sources from this outlet's domain, e.g. 'techlusive.in'; with an empty "
        "`q`, that outlet's sources newest first.",
    )
    page = serializers.IntegerField(
        required=False, min_value=1, max_value=10_000, help_text="Page number (from 1)."
    )
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=f"Hits per page (default {DEFAULT_PAGE_SIZE}, at most {site_search.MAX_LIMIT}).",
    )


class SearchCaseSerializer(serializers.Serializer):
    title = serializers.CharField(help_text="The case's short title.")
    web_url = serializers.URLField(help_text="The case on the public site.")


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=site_search.Kind.choices, help_text="What matched.")
    id = serializers.IntegerField(help_text="The entry's id.")
    api_url = serializers.URLField(help_text="The entry in the API.")
    web_url = serializers.URLField(help_text="The entry on the public site.")
    title = serializers.CharField(help_text="The entry's title (a statement's witness).")
    snippet = serializers.CharField(help_text="The matching passage, plain text.")
    wording = serializers.CharField(
        help_text="For a statement found by how one of its sources words it rather than by its "
        "own excerpt, those wordings, plain text; else empty."
    )
    date = serializers.CharField(
        allow_null=True, help_text="ISO 8601 at the date's precision, e.g. '2024-11'."
    )
    date_precision = serializers.CharField(
        allow_null=True, help_text="How much of the date is known: day, month or year."
    )
    date_display = serializers.CharField(
        allow_null=True, help_text="The date as readers see it, e.g. 'November 2024'."
    )
    meta = serializers.CharField(help_text="A line of context (court, outlet, setting …).")
    cases = SearchCaseSerializer(many=True, help_text="The cases the entry belongs to.")
    rank = serializers.FloatField(help_text="Relevance (higher is better).")


class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Hits of the selected kinds.")
    count_exact = serializers.BooleanField(
        help_text=f"False when a selected kind has more matches than the search counts "
        f"({site_search.COUNT_LIMIT:,} a kind): `count` and that kind's entry in `counts` are "
        f"then lower bounds, and its hits are the most relevant of its "
        f"{site_search.COUNT_LIMIT:,} most recently added matches."
    )
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=f"Hits per kind, whatever `kind` selects; at most {site_search.COUNT_LIMIT:,}.",
    )
    next = serializers.URLField(allow_null=True, help_text="The next page, if any.")
    previous = serializers.URLField(allow_null=True, help_text="The previous page, if any.")
    results = SearchHitSerializer(many=True, help_text="The hits, best first.")


class SearchView(PublicApiView):
    """Full-text search over published cases, events, testimony and sources."""

    allowed_params = {"q", "kind", "outlet", "page", "page_size", "format"}

    @extend_schema(
        summary="Search",
        parameters=[SearchParamsSerializer],
        responses={
            200: SearchResponseSerializer,
            400: OpenApiResponse(description="A missing or malformed parameter, named."),
            429: OpenApiResponse(description="Throttled: retry after Retry-After seconds."),
        },
        auth=[{"tokenAuth": []}, {"cookieAuth": []}, {}],
    )
    def get(self, request):
        params = SearchParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        page = data.get("page", 1)
        page_size = min(data.get("page_size", DEFAULT_PAGE_SIZE), site_search.MAX_LIMIT)
        try:
            results = site_search.search(
                data.get("q", ""),
                kinds=sorted(data.get("kind", ())),
                outlet=data.get("outlet"),
                limit=page_size,
                offset=(page - 1) * page_size,
            )
        except site_search.SearchError as exc:
            raise ValidationError({"q": [str(exc)]}) from None
        here = request.build_absolute_uri()
        return Response(
            {
                "count": results.total,
                "count_exact": results.exact,
                "counts": {str(kind): count for kind, count in results.counts.items()},
                "next": replace_query_param(here, "page", page + 1) if results.has_next else None,
                "previous": (
                    (
                        replace_query_param(here, "page", page - 1)
                        if page > 2
                        else remove_query_param(here, "page")
                    )
                    if results.has_previous
                    else None
                ),
                "results": [self.hit(request, hit) for hit in results.hits],
            }
        )

    @staticmethod
    def hit(request, hit: site_search.SearchHit) -> dict:
        entry = hit.entry
        # The entry's public address names it (pk or slug): resolve it, no query needed.
        match = resolve(entry.url)
        return {
            "kind": str(entry.kind),
            "id": entry.id,
            "api_url": request.build_absolute_uri(
                reverse(f"api:{entry.kind}-detail", kwargs=match.kwargs)
            ),
            "web_url": request.build_absolute_uri(entry.url),
            "title": hit.title,
            "snippet": hit.snippet,
            "wording": hit.wording,
            "date": entry.date_iso or None,
            "date_precision": entry.precision or None if entry.date else None,
            "date_display": entry.date_display or None,
            "meta": hit.meta,
            "cases": [
                {"title": case.short_title, "web_url": request.build_absolute_uri(case.url)}
                for case in hit.cases
            ],
            "rank": hit.rank,
        }
