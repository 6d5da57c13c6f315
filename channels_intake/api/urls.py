from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
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
    # The split view serves Swagger UI's start script as a file (no inline script); the page
    # keeps its small <style> block and Swagger UI's data: images, allowed here only.
    path("docs/", csp_update({"style-src": [UNSAFE_INLINE], "img-src": ["data:"]})(
        SpectacularSwaggerSplitView.as_view(url_name="partner_api:schema", permission_classes=[],
                                            authentication_classes=[])), name="docs"),
    *router.urls,
]
