"""The couriers' own pages, at the root of the site (/c/<token>/): no login, the signed link
is the key (delivery/views/courier.py)."""

from django.urls import path

import core.converters  # noqa: F401 (registers the "id" converter)
from delivery.views import courier

app_name = "courier"

urlpatterns = [
    path("c/<str:token>/", courier.CourierPageView.as_view(), name="page"),
    path("c/<str:token>/orders/<id:order_id>/<slug:outcome>/",
         courier.CourierOutcomeView.as_view(), name="outcome"),
]
