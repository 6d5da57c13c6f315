"""A partner registers, lists and removes its own webhook receivers."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from ..models import WebhookEndpoint
from ..webhooks.services import UnsafeWebhookURL, webhook_endpoint_register
from .serializers import (
    DetailOut,
    ErrorsOut,
    WebhookEndpointCreatedOut,
    WebhookEndpointIn,
    WebhookEndpointOut,
)
from .views import _COMMON, PartnerAPIMixin


class WebhookEndpointViewSet(PartnerAPIMixin, mixins.ListModelMixin, mixins.DestroyModelMixin,
                             viewsets.GenericViewSet):
    serializer_class = WebhookEndpointOut
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WebhookEndpoint.objects.none()
        return WebhookEndpoint.objects.filter(partner_id=self.request.user.partner_id,
                                              is_active=True).order_by("pk")

    @extend_schema(summary="Your webhook receivers",
                   responses={200: WebhookEndpointOut(many=True), **_COMMON})
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Register a webhook receiver",
        description="Every status change of your orders is POSTed there, signed with the secret "
                    "returned here once (header `X-RG-Signature: t=<unix time>,v1=<hex>`, "
                    "HMAC-SHA256 over `<t>.<raw body>`).",
        request=WebhookEndpointIn,
        responses={201: WebhookEndpointCreatedOut, 400: ErrorsOut, **_COMMON},
    )
    def create(self, request):
        given = WebhookEndpointIn(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            endpoint = webhook_endpoint_register(partner_id=request.user.partner_id,
                                                 url=given.validated_data["url"])
        except UnsafeWebhookURL as exc:
            return Response({"errors": {"url": [str(exc)]}}, status=400)
        return Response(WebhookEndpointCreatedOut(endpoint).data, status=201)

    @extend_schema(summary="Stop sending to a receiver",
                   responses={204: None, 404: DetailOut, **_COMMON})
    def destroy(self, request, *args, **kwargs):
        endpoint = self.get_object()
        endpoint.is_active = False
        endpoint.save(update_fields=["is_active"])
        return Response(status=204)


