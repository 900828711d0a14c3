"""The versioned REST API: /api/v1/ (issue 4). Routes, the OpenAPI schema and its docs."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.conf import settings
from django.urls import include, path, reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from api.http import (
    AnonThrottle,
    ORJSONRenderer,
    StrictContentNegotiation,
    UserThrottle,
    errors_as_json,
)
from api.parameters import FORMAT_PARAM, refuse_unknown_params
from api.views.cases import (
    CaseViewSet,
    CourtViewSet,
    EventViewSet,
    PartyViewSet,
    TestimonyViewSet,
    TopicViewSet,
)
from api.views.search import SearchView
from api.views.sources import SourceViewSet
from api.views.timeline import CaseTimelineView
from api.views.webhooks import WebhookViewSet

app_name = "api"

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("parties", PartyViewSet, basename="party")
router.register("events", EventViewSet, basename="event")
router.register("testimony", TestimonyViewSet, basename="testimony")
router.register("sources", SourceViewSet, basename="source")
router.register("topics", TopicViewSet, basename="topic")
router.register("courts", CourtViewSet, basename="court")
router.register("webhooks", WebhookViewSet, basename="webhook")

COLLECTIONS = ["cases", "parties", "events", "testimony", "sources", "topics", "courts"]


class ApiRootView(APIView):
    """The entry point: every collection and the documentation, as absolute links."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [AnonThrottle, UserThrottle]
    renderer_classes = [ORJSONRenderer]
    content_negotiation_class = StrictContentNegotiation

    @extend_schema(
        summary="The API's collections and documentation",
        responses=inline_serializer(
            "ApiRoot",
            {
                name: serializers.URLField(help_text=f"The {name} collection.")
                for name in COLLECTIONS
            }
            | {
                "search": serializers.URLField(help_text="Full-text search (?q=)."),
                "schema": serializers.URLField(help_text="This OpenAPI 3 schema."),
                "docs": serializers.URLField(help_text="Swagger UI documentation."),
                "redoc": serializers.URLField(help_text="Redoc documentation."),
            },
        ),
    )
    def get(self, request):
        refuse_unknown_params(request, {FORMAT_PARAM})
        basenames = {prefix: basename for prefix, _viewset, basename in router.registry}
        links = {
            name: request.build_absolute_uri(reverse(f"api:{basenames[name]}-list"))
            for name in COLLECTIONS
        }
        for name in ("search", "schema", "docs", "redoc"):
            links[name] = request.build_absolute_uri(reverse(f"api:{name}"))
        return Response(links)


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, generated once per process and language: it changes only with the
    code, and generating it takes a second or two."""

    throttle_classes = [AnonThrottle, UserThrottle]
    content_negotiation_class = StrictContentNegotiation  # ?format=bogus: a 400, not a 404
    _generated: dict[str, dict] = {}

    def finalize_response(self, request, response, *args, **kwargs):
        return errors_as_json(super().finalize_response(request, response, *args, **kwargs))

    def _get_schema_response(self, request):
        lang = request.GET.get("lang") or ""
        if lang not in {"", *(code for code, _name in settings.LANGUAGES)}:
            lang = ""
        if lang not in self._generated:
            self._generated[lang] = super()._get_schema_response(request).data
        filename = self._get_filename(request, None)
        return Response(
            self._generated[lang], headers={"Content-Disposition": f'inline; filename="{filename}"'}
        )


# What the documentation pages need beyond the site's Content-Security-Policy (settings):
# Swagger UI and Redoc style their pages with inline <style> (Redoc writes them as it renders),
# draw icons from data: URIs, and Redoc searches in a web worker made from a blob: URL. Scripts
# stay strict: the split Swagger view loads its start-up script from a URL instead of inline.
DOCS_CSP = {
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:"],
    "worker-src": [SELF, "blob:"],
}

urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path(
        "docs/",
        csp_replace(DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path(
        "redoc/",
        # Our template drops the Google Fonts links, so the page needs nothing from outside.
        csp_replace(DOCS_CSP)(
            SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
        ),
        name="redoc",
    ),
    path("search/", SearchView.as_view(), name="search"),
    path("cases/<slug:slug>/timeline/", CaseTimelineView.as_view(), name="case-timeline"),
    path("", include(router.urls)),
]
