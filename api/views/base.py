"""The base viewset every API collection uses, and the API's permission rules.

A collection declares its model, read serializer (derived from its field spec, see api_rows),
write serializer, filterset, search and ordering fields and pagination; the base class supplies
the fast read path, strict query parameters, sparse fields, CSV, conditional GET, the body cap,
and writes that go through the publication service inside one transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.views.defaults import page_not_found
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, permissions, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import guard_body_size, refuse_control_characters
from api.http import (
    AnonThrottle,
    ExcelCSVRenderer,
    JSONParser,
    ListCSVRenderer,
    ORJSONRenderer,
    StrictContentNegotiation,
    UserThrottle,
    conditional_response,
    errors_as_json,
)
from api.pagination import CursorPagination
from api.parameters import (
    FIELDS_PARAM,
    FORMAT_PARAM,
    DescribedSearchFilter,
    IdleFilterBackend,
    StrictOrderingFilter,
    parse_fields_param,
    refuse_unknown_params,
)
from api.serializers.rows import ReadContext, RowReader
from cases import rulebook, services
from cases.rulebook import Action
from core.publishing import PublicationState, Publishable, sees_drafts


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The site's 404 handler (config.urls.handler404): under /api/ a JSON answer like every
    other API error, so a client that mistyped a path can parse it; elsewhere the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "detail": f"There is nothing at {request.path[:200]}. The API's entry point, "
                "/api/v1/, lists its collections; /api/v1/schema/ describes every path."
            },
            status=404,
        )
    return page_not_found(request, exception)


def read_context(request) -> ReadContext:
    user = getattr(request, "user", None)
    memo: dict[type[Model], bool] = {}

    def see_drafts(model: type[Model]) -> bool:
        if model not in memo:
            memo[model] = sees_drafts(user, model)
        return memo[model]

    return ReadContext(request=request, see_drafts=see_drafts)


WRITE_ACTIONS = {
    "POST": Action.ADD,
    "PUT": Action.CHANGE,
    "PATCH": Action.CHANGE,
    "DELETE": Action.DELETE,
}


class RulebookPermission(permissions.BasePermission):
    """Reads are public (each view shows what the reader may see); writes need what the
    rulebook says: the model's permission, and an editor for anything the public sees.
    Anonymous writers get 401 with the token scheme to use."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if not request.user or not request.user.is_authenticated:
            return False
        action = WRITE_ACTIONS.get(request.method)
        reason = rulebook.refusal(request.user, action, view.model) if action else "No."
        if reason:
            self.message = reason
        return reason is None

    def has_object_permission(self, request, view, obj):
        action = WRITE_ACTIONS.get(request.method)
        if action is None:
            return True
        reason = rulebook.refusal(request.user, action, obj)
        if reason:
            self.message = reason
        return reason is None


FIELDS_PARAMETER = OpenApiParameter(
    FIELDS_PARAM,
    OpenApiTypes.STR,
    description="Comma-separated output fields to return (sparse fieldset); the others are "
    "not loaded from the database. Unknown names are a 400.",
)


class PublicApiView(APIView):
    """A read-only API endpoint outside the collections (search, timelines): public, throttled,
    JSON, and strict about its query parameters (`allowed_params`)."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [AnonThrottle, UserThrottle]
    renderer_classes = [ORJSONRenderer]
    content_negotiation_class = StrictContentNegotiation
    allowed_params: set[str] = {FORMAT_PARAM}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_unknown_params(request, self.allowed_params)


# Rows fetched and rendered at a time in a CSV export.
CSV_BATCH = 2000


class ApiViewSet(viewsets.GenericViewSet):
    """Read (list, retrieve) and write (create, update, partial_update, destroy) one model."""

    model: type[Model]
    read_serializer_class: type
    write_serializer_class: type | None = None
    ordering_tiebreakers: dict[str, list[str]] = {}

    permission_classes = [RulebookPermission]
    throttle_classes = [AnonThrottle, UserThrottle]
    # JSON only: nested citations and roles have no form encoding.
    parser_classes = [JSONParser]
    filter_backends = [IdleFilterBackend, DescribedSearchFilter, StrictOrderingFilter]
    content_negotiation_class = StrictContentNegotiation
    renderer_classes = [ORJSONRenderer, ListCSVRenderer, ExcelCSVRenderer]  # what OPTIONS reports
    list_renderers = [ORJSONRenderer, ListCSVRenderer, ExcelCSVRenderer]
    other_renderers = [ORJSONRenderer]

    # --- plumbing -----------------------------------------------------------------------

    def get_renderers(self):
        classes = self.list_renderers if self.action == "list" else self.other_renderers
        return [cls() for cls in classes]

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update") and self.write_serializer_class:
            return self.write_serializer_class
        return self.read_serializer_class

    def get_queryset(self) -> QuerySet:
        """What this reader may see: the model's visible_to() (cases.models)."""
        return self.model._default_manager.visible_to(self.request.user)

    def sees_drafts(self) -> bool:
        return sees_drafts(self.request.user, self.model)

    def initial(self, request, *args, **kwargs):
        guard_body_size(request)
        super().initial(request, *args, **kwargs)
        self.check_query_params(request)

    def allowed_query_params(self) -> set[str]:
        allowed = {FIELDS_PARAM, FORMAT_PARAM}
        if self.action == "list":
            allowed |= {"search", "ordering", "page_size"}
            paginator = self.paginator
            if isinstance(paginator, CursorPagination):
                allowed.add(paginator.cursor_query_param)
            elif paginator is not None:
                allowed.add(paginator.page_query_param)
            filterset_class = getattr(self, "filterset_class", None)
            if filterset_class is not None:
                allowed |= set(filterset_class.base_filters)
        return allowed

    def check_query_params(self, request) -> None:
        refuse_unknown_params(request, self.allowed_query_params())

    def finalize_response(self, request, response, *args, **kwargs):
        response = errors_as_json(super().finalize_response(request, response, *args, **kwargs))
        if self.action == "retrieve" and response.status_code == 200:
            # Conditional GET: ETag of the rendered bytes, Last-Modified when known; 304 if
            # the client's copy is current.
            return conditional_response(request, response, getattr(self, "_last_modified", None))
        return response

    def get_renderer_context(self):
        context = super().get_renderer_context()
        reader = getattr(self, "_reader", None)
        if reader is not None:
            context["csv_header"] = reader.names
        return context

    # --- the fast read path ---------------------------------------------------------------

    def row_reader(self) -> RowReader:
        serializer_class = self.read_serializer_class
        names = parse_fields_param(self.request, list(serializer_class.row_spec))
        always = ["id", *getattr(self, "extra_columns", [])]
        if self.action == "list":
            # The ordering filter reads only the model from the queryset: no need to filter it.
            queryset = self.model._default_manager.all()
            ordering = StrictOrderingFilter().get_ordering(self.request, queryset, self)
            always.append(ordering[0].lstrip("-"))
        self._reader = RowReader(serializer_class.row_spec, names, always=always)
        return self._reader

    def render_rows(self, rows: list[dict]) -> list[dict]:
        return self._reader.render(rows, read_context(self.request))

    def list(self, request, *args, **kwargs):
        reader = self.row_reader()
        queryset = self.filter_queryset(self.get_queryset()).values(*reader.columns)
        if isinstance(request.accepted_renderer, ListCSVRenderer):
            return self.csv_export(queryset)
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(self.render_rows(list(queryset)))
        return self.get_paginated_response(self.render_rows(page))

    def csv_export(self, queryset: QuerySet) -> StreamingHttpResponse:
        """Every matching row as CSV, not one page: streamed in batches of CSV_BATCH rows
        (each batch's nested lists in a fixed number of queries), so a whole collection never
        sits in memory. Downloaded as <collection>.csv."""
        renderer = self.request.accepted_renderer
        context = read_context(self.request)

        def batches():
            batch: list[dict] = []
            for row in queryset.iterator(chunk_size=CSV_BATCH):
                batch.append(row)
                if len(batch) == CSV_BATCH:
                    yield self._reader.render(batch, context)
                    batch = []
            if batch:
                yield self._reader.render(batch, context)

        response = StreamingHttpResponse(
            renderer.stream(self._reader.names, batches()),
            content_type=f"{renderer.media_type}; charset=utf-8",
        )
        filename = f"{self.model._meta.verbose_name_plural}.csv".replace(" ", "-")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def row_for(self, **lookup: Any) -> dict:
        """The rendered row of one entry the user may see, or 404."""
        return self.render_rows([self.raw_row_for(**lookup)])[0]

    def raw_row_for(self, **lookup: Any) -> dict:
        reader = self.row_reader()
        rows = list(self.get_queryset().filter(**lookup).values(*reader.columns)[:1])
        if not rows:
            name = self.model._meta.verbose_name
            raise Http404(f"No published {name} matches this address.")
        return rows[0]

    def lookup_filter(self) -> dict[str, Any]:
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
        value = self.kwargs[lookup_url_kwarg]
        if self.lookup_field in ("pk", "id") and not str(value).isdigit():
            raise Http404("No entry matches this address.")
        return {self.lookup_field: value}

    def retrieve(self, request, *args, **kwargs):
        if issubclass(self.model, Publishable):
            self.extra_columns = ["updated_at"]
        row = self.raw_row_for(**self.lookup_filter())
        self._last_modified = row.get("updated_at")
        return Response(self.render_rows([row])[0])

    # --- writes --------------------------------------------------------------------------

    def create(self, request, *args, **kwargs):
        refuse_control_characters(request.data)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = self.save_with_state(serializer, current_state=None)
        data = self.row_for(pk=obj.pk)
        headers = {"Location": data["api_url"]} if "api_url" in data else {}
        return Response(data, status=status.HTTP_201_CREATED, headers=headers)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        refuse_control_characters(request.data)
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        current = instance.state if isinstance(instance, Publishable) else None
        obj = self.save_with_state(serializer, current_state=current)
        return Response(self.row_for(pk=obj.pk))

    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        services.delete(user=request.user, obj=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def get_object(self):
        # Writers hold the view permission, so they find drafts too.
        queryset = self.model._default_manager.all()
        obj = queryset.filter(**self.lookup_filter()).first()
        if obj is None:
            raise Http404(f"No {self.model._meta.verbose_name} matches this address.")
        self.check_object_permissions(self.request, obj)
        return obj

    def save_with_state(self, serializer, *, current_state: str | None) -> Model:
        """Save the entry through the services (which keep its state), then publish or
        unpublish it when `state` asks for a change: all in one transaction, so a refused
        publication stores nothing."""
        user = self.request.user
        target = serializer.validated_data.pop("state", None)
        publishable = issubclass(self.model, Publishable)
        start = current_state or PublicationState.DRAFT
        if publishable and target and target != start:
            rulebook.check(user, Action.PUBLISH, self.model)
        with transaction.atomic():
            obj = serializer.save()
            if not publishable:
                return obj
            if target == PublicationState.PUBLISHED and start != PublicationState.PUBLISHED:
                self.raise_publication_problems(obj)
                obj = services.publish(obj=obj, user=user)
            elif target == PublicationState.DRAFT and start == PublicationState.PUBLISHED:
                obj = services.unpublish(obj=obj, user=user)
            elif obj.is_published:
                # An edit of a published entry must leave it publishable.
                self.raise_publication_problems(obj)
        return obj

    @staticmethod
    def raise_publication_problems(obj: Model) -> None:
        problems = services.publication_problems_by_field(obj)
        if problems:
            raise exceptions.ValidationError(problems)
