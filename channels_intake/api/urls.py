from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from .views import PartnerOrderViewSet
from .webhook_views import WebhookEndpointViewSet

router = SimpleRouter()
router.register("orders", PartnerOrderViewSet, basename="partner-order")
router.register("webhooks", WebhookEndpointViewSet, basename="partner-webhook")

app_name = "partner_api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=[], authentication_classes=[]),
         name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="partner_api:schema", permission_classes=[],
                                                 authentication_classes=[]), name="docs"),
    *router.urls,
]
