"""/api/v1/webhooks/: a user's own webhook endpoints (nobody sees or changes another's), their
delivery log, re-sending a delivery and sending a test event. Writes go through
webhooks.services; deliveries are queued on commit (webhooks.tasks)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.errors import django_errors_as_dict, guard_body_size, refuse_control_characters
from api.http import (
    AnonThrottle,
    JSONParser,
    ORJSONRenderer,
    StrictContentNegotiation,
    UserThrottle,
)
from api.pagination import PageNumberPagination
from api.parameters import FORMAT_PARAM, refuse_unknown_params
from api.serializers.webhooks import (
    DeliverySerializer,
    EndpointCreatedSerializer,
    EndpointSerializer,
    EndpointWriteSerializer,
)
from cases.models import Case, Party, Topic
from webhooks import services, tasks
from webhooks.models import Delivery, Endpoint

PAGE_PARAMS = {FORMAT_PARAM, "page", "page_size"}
ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The endpoint's id."
)
ERRORS = {
    code: OpenApiResponse(response=OpenApiTypes.OBJECT, description=text + ' The JSON body names '
                          'the problem: {"detail": …} or {"<field>": [messages]}.')
    for code, text in {
        400: "Invalid input or an unknown query parameter.",
        401: "No credentials: send a token (Authorization: Token …).",
        404: "No such endpoint or delivery among yours.",
        413: "The request body is too large.",
        415: "The body is not JSON (send Content-Type: application/json).",
        429: "Throttled: retry after the Retry-After header's seconds.",
    }.items()
}  # fmt: skip
DELIVERY = OpenApiParameter(
    "delivery", OpenApiTypes.INT, OpenApiParameter.PATH, description="The delivery's id."
)


def _service(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except DjangoValidationError as exc:
        raise exceptions.ValidationError(django_errors_as_dict(exc)) from exc


DELIVERY_PAGE = inline_serializer(
    "PaginatedDeliveryList",
    {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": DeliverySerializer(many=True),
    },
)


@extend_schema_view(
    list=extend_schema(responses={200: EndpointSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(parameters=[ID], responses={200: EndpointSerializer, **ERRORS}),
    destroy=extend_schema(
        parameters=[ID], responses={204: OpenApiResponse(description="Deleted."), **ERRORS}
    ),
)
class WebhookViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your webhook endpoints. Each delivery is a JSON POST signed with the endpoint's secret:
    `X-Tracker-Signature: sha256=<hex HMAC-SHA256 of "<X-Tracker-Timestamp>.<body>">`."""

    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [AnonThrottle, UserThrottle]
    renderer_classes = [ORJSONRenderer]
    parser_classes = [JSONParser]
    content_negotiation_class = StrictContentNegotiation
    pagination_class = PageNumberPagination
    serializer_class = EndpointSerializer
    model = Endpoint
    filter_backends: list = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_unknown_params(request, PAGE_PARAMS)
        guard_body_size(request)

    def get_queryset(self):
        slugs = {name: model.objects.only("slug") for name, model in
                 (("cases", Case), ("parties", Party), ("topics", Topic))}  # fmt: skip
        return (
            Endpoint.objects.filter(owner=self.request.user)
            .prefetch_related(*(Prefetch(name, queryset=qs) for name, qs in slugs.items()))
            .order_by("pk")
        )

    @extend_schema(
        request=EndpointWriteSerializer, responses={201: EndpointCreatedSerializer, **ERRORS}
    )
    def create(self, request):
        data = self._valid(EndpointWriteSerializer(data=request.data))
        data.pop("is_active", None)
        endpoint = _service(services.create_endpoint, owner=request.user, **data)
        return Response(EndpointCreatedSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=EndpointWriteSerializer,
        responses={200: EndpointSerializer, **ERRORS},
        parameters=[ID],
    )
    def update(self, request, pk=None):
        return self._update(request, partial=False)

    @extend_schema(
        request=EndpointWriteSerializer,
        responses={200: EndpointSerializer, **ERRORS},
        parameters=[ID],
    )
    def partial_update(self, request, pk=None):
        return self._update(request, partial=True)

    def _update(self, request, *, partial: bool):
        endpoint = self.get_object()
        data = self._valid(EndpointWriteSerializer(data=request.data, partial=partial))
        endpoint = _service(services.update_endpoint, endpoint=endpoint, **data)
        return Response(EndpointSerializer(self.get_queryset().get(pk=endpoint.pk)).data)

    @staticmethod
    def _valid(serializer) -> dict:
        refuse_control_characters(serializer.initial_data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(request=None, responses={202: DeliverySerializer, **ERRORS}, parameters=[ID])
    @action(detail=True, methods=["post"])
    def test(self, request, pk=None):
        """Send a test event ('ping') to this endpoint."""
        endpoint = self.get_object()
        with transaction.atomic():
            delivery = services.create_test_delivery(endpoint)
            tasks.queue_deliveries([delivery.pk])
        delivery.refresh_from_db()
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={200: DELIVERY_PAGE, **ERRORS}, parameters=[ID])
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        """The endpoint's delivery log, newest first."""
        endpoint = self.get_object()
        page = self.paginate_queryset(Delivery.objects.filter(endpoint=endpoint).order_by("-pk"))
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)

    def _delivery(self, delivery: str) -> Delivery:
        return get_object_or_404(
            Delivery.objects.select_related("endpoint"), pk=delivery, endpoint=self.get_object()
        )

    @extend_schema(
        responses={200: DeliverySerializer, **ERRORS},
        parameters=[ID, DELIVERY],
        operation_id="webhooks_delivery_retrieve",
    )
    @action(detail=True, methods=["get"], url_path=r"deliveries/(?P<delivery>[0-9]{1,18})",
            url_name="delivery-detail")  # fmt: skip
    def delivery(self, request, pk=None, delivery=None):
        """One delivery of the endpoint."""
        return Response(DeliverySerializer(self._delivery(delivery)).data)

    @extend_schema(
        request=None, responses={202: DeliverySerializer, **ERRORS}, parameters=[ID, DELIVERY]
    )
    @action(detail=True, methods=["post"], url_path=r"deliveries/(?P<delivery>[0-9]{1,18})/resend",
            url_name="delivery-resend")  # fmt: skip
    def resend(self, request, pk=None, delivery=None):
        """Send a delivery again (with what is public now)."""
        with transaction.atomic():
            found = _service(services.resend, self._delivery(delivery))
            tasks.queue_deliveries([found.pk])
        found.refresh_from_db()
        return Response(DeliverySerializer(found).data, status=status.HTTP_202_ACCEPTED)
