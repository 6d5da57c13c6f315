"""The partner REST API: thin views over the intake door, the partner's own orders and the
partner-side cancel."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from orders.exceptions import PartnerChangeRefused
from orders.models import Order
from orders.services import partner_order_cancel

from . import examples
from .auth import PartnerKeyAuthentication, PartnerThrottle
from .errors import partner_exception_handler
from .filters import PartnerOrderFilter
from .parsers import PartnerJSONParser
from .serializers import (
    CancelIn,
    DetailOut,
    ErrorsOut,
    OrderDetailOut,
    OrderIn,
    OrderOut,
    WindowFullOut,
)
from .submit import order_submit

IDEMPOTENCY_KEY_MAX = 255

_COMMON = {
    401: OpenApiResponse(DetailOut, description="Missing or invalid API key."),
    429: OpenApiResponse(DetailOut, description="Too many requests; see the Retry-After header."),
}


class PartnerPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        """`page` and `page_size` are whole numbers from 1, or the request is a 400 naming them
        (DRF would answer a 404 for `page=abc` and quietly ignore `page_size=abc`)."""
        bad = {}
        for name, most in (("page", None), ("page_size", self.max_page_size)):
            value = request.query_params.get(name)
            if value is not None and not (value.isascii() and value.isdigit() and len(value) < 10
                                          and 1 <= int(value) <= (most or 10**9)):
                bad[name] = [_("A whole number from 1 to %(most)d.") % {"most": most or 10**9}]
        if bad:
            raise ValidationError(bad)
        return super().paginate_queryset(queryset, request, view)


class PartnerAPIMixin:
    """Key authentication, the per-partner throttle and the API's error shape."""

    authentication_classes = [PartnerKeyAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [PartnerThrottle]
    parser_classes = [PartnerJSONParser]
    lookup_value_regex = r"[0-9]+"

    def get_exception_handler(self):
        return partner_exception_handler


class PartnerOrderViewSet(PartnerAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    pagination_class = PartnerPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = PartnerOrderFilter
    serializer_class = OrderOut

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return Order.objects.none()
        # Isolation: a partner only ever sees its own orders (others are a 404).
        orders = Order.objects.filter(partner_id=self.request.user.partner_id)
        if self.action == "retrieve":
            return orders.prefetch_related("lines", "events")
        return orders.order_by("-created_at", "-id")

    def get_serializer_class(self):
        return OrderDetailOut if self.action == "retrieve" else OrderOut

    @extend_schema(
        summary="List your orders",
        responses={200: OrderOut(many=True),
                   400: OpenApiResponse(ErrorsOut, description="A filter value is not valid."),
                   404: OpenApiResponse(DetailOut, description="No such page."), **_COMMON},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="One of your orders with its public timeline",
        responses={200: OrderDetailOut, 404: DetailOut, **_COMMON},
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Send an order",
        description=(
            "Creates the order (201). The same `partner_order_id` again returns the order "
            "already taken (200), never a second one. With an `Idempotency-Key`, a retry with "
            "the same body gets the first response again (header `Idempotent-Replayed: true`); "
            "the same key with another body is refused with 409. A delivery window with no "
            "place left is refused with 409 too, nothing stored: `errors` names "
            "`delivery.window` and `next_free` lists the next windows with places left."),
        request=OrderIn,
        parameters=[OpenApiParameter(
            "Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
            description="Any unique string up to 255 characters, e.g. a UUID per order.")],
        responses={201: OrderOut, 200: OrderOut,
                   400: OpenApiResponse(ErrorsOut, description="Every bad field by its dotted path."),
                   409: OpenApiResponse(
                       PolymorphicProxySerializer(component_name="OrderConflict",
                                                  serializers=[WindowFullOut, DetailOut],
                                                  resource_type_field_name=None),
                       description="The delivery window is full (WindowFullOut), or the "
                                   "Idempotency-Key was reused with another body (DetailOut)."),
                   **_COMMON},
        examples=[examples.ORDER_IN, examples.ORDER_OUT, examples.ERRORS_OUT,
                  examples.WINDOW_FULL],
    )
    def create(self, request):
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > IDEMPOTENCY_KEY_MAX or not key.isprintable():
            return Response({"errors": {"Idempotency-Key": [
                _("At most %(max)d printable characters.") % {"max": IDEMPOTENCY_KEY_MAX}]}},
                status=400)
        done = order_submit(client=request.user, body=request.body, idempotency_key=key)
        response = HttpResponse(done.body, status=done.status, content_type="application/json")
        if done.replayed:
            response["Idempotent-Replayed"] = "true"
        return response

    @extend_schema(
        summary="Cancel one of your orders",
        description="Allowed until the order is out for delivery; afterwards 409 with the reason.",
        request=CancelIn,
        responses={200: OrderOut, 400: ErrorsOut, 404: DetailOut,
                   409: OpenApiResponse(DetailOut, description="Too late to cancel."), **_COMMON},
        examples=[OpenApiExample("Too late", response_only=True, status_codes=["409"], value={
            "detail": "Order RG-000042 is already out for delivery; call the desk to change it.",
            "code": "too_late"})],
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        order = self.get_object()
        reason = CancelIn(data=request.data if isinstance(request.data, dict) else {})
        reason.is_valid(raise_exception=True)
        try:
            order = partner_order_cancel(order_id=order.pk, note=reason.validated_data["reason"],
                                         system=f"partner:{request.user.partner_code}")
        except PartnerChangeRefused as exc:
            return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_409_CONFLICT)
        return Response(OrderOut(order).data)


