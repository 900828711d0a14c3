"""POST /api/v1/sources/ingest/: submit a URL for ingestion through the API (curators, editors).

A standalone view so it can be routed before the rest of the API; it only calls
articles.ingestion.services.submission.submit_url."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import guard_body_size
from api.http import AnonThrottle, UserThrottle
from articles.ingestion.services.submission import QueueUnavailable, submit_url
from articles.models import Source
from articles.urlnorm import MAX_URL_LENGTH, InvalidURL


class CanSubmitSources(permissions.BasePermission):
    """Curators and editors: anyone allowed to add sources."""

    message = "Only curators and editors may submit sources (it needs “articles.add_source”)."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("articles.add_source"))


class IngestInput(serializers.Serializer):
    url = serializers.CharField(
        max_length=MAX_URL_LENGTH,
        help_text="The article's address (http or https). Tracking parameters are dropped.",
    )
    force = serializers.BooleanField(
        default=False, help_text="Fetch again even if the source was already fetched."
    )


class IngestOutput(serializers.Serializer):
    id = serializers.IntegerField(help_text="The source's id (see /api/v1/sources/<id>/).")
    url = serializers.CharField(help_text="The normalized URL the source is stored under.")
    created = serializers.BooleanField(help_text="False when the URL was already known.")
    queued = serializers.BooleanField(help_text="Whether a fetch was queued by this request.")
    fetch_state = serializers.ChoiceField(choices=Source.FetchState.choices)
    fetch_error = serializers.CharField(help_text="Why the last fetch failed, if it did.")
    title = serializers.CharField(help_text="The title, once fetched.")
    links = serializers.DictField(
        child=serializers.CharField(),
        help_text="Where to follow the source: 'admin', and 'page' once it is published.",
    )


# Seconds a client is asked to wait when the task broker is unavailable.
BROKER_RETRY_AFTER = 60


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=OpenApiTypes.OBJECT, description=description)


class SourceIngestView(APIView):
    permission_classes = [permissions.IsAuthenticated, CanSubmitSources]
    # The API's conventions: throttled, oversized bodies refused with 413.
    throttle_classes = [AnonThrottle, UserThrottle]

    def initial(self, request, *args, **kwargs):
        guard_body_size(request)
        super().initial(request, *args, **kwargs)

    @extend_schema(
        request=IngestInput,
        responses={
            202: IngestOutput,
            400: _error("Invalid input, named by field (e.g. a URL that is not http(s))."),
            401: _error("No credentials: send a token."),
            403: _error("Only curators and editors may submit sources."),
            413: _error("The request body is too large."),
            415: _error("The body is neither JSON nor a form."),
            429: _error("Throttled: retry after the Retry-After header's seconds."),
            503: _error(
                "The task broker did not take the fetch: the source is saved, marked failed; "
                "send the URL again after the Retry-After header's seconds."
            ),
        },
        summary="Submit a URL for ingestion",
        description="Registers the URL as a source (or finds the existing one after "
        "normalization) and queues a fetch. Answers 202 with the source and its fetch state; "
        "poll the source or the admin for the result.",
    )
    def post(self, request):
        data = IngestInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            submission = submit_url(
                data.validated_data["url"],
                user=request.user,
                force=data.validated_data["force"],
            )
        except InvalidURL as exc:
            return Response({"url": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        except QueueUnavailable as exc:
            return Response(
                {
                    "detail": f"{exc} The source is saved and marked failed: send the URL "
                    "again to queue its fetch."
                },
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
                headers={"Retry-After": str(BROKER_RETRY_AFTER)},
            )
        source = Source.objects.get(pk=submission.source.pk)  # the state after an eager run
        links = {
            "admin": request.build_absolute_uri(
                reverse("admin:articles_source_change", args=[source.pk])
            )
        }
        if source.is_published:
            links["page"] = request.build_absolute_uri(source.get_absolute_url())
        body = IngestOutput(
            {
                "id": source.pk,
                "url": source.url,
                "created": submission.created,
                "queued": submission.queued,
                "fetch_state": source.fetch_state,
                "fetch_error": source.fetch_error,
                "title": source.title,
                "links": links,
            }
        ).data
        return Response(body, status=status.HTTP_202_ACCEPTED)
