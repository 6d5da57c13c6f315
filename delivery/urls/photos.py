"""/photos/<token>/: a photo behind its signed, expiring link (delivery/views/photos.py,
included under /photos/ by rg_orders/urls.py)."""

from django.urls import path

from delivery.views.photos import PhotoView

app_name = "photos"

urlpatterns = [
    path("<str:token>/", PhotoView.as_view(), name="show"),
]
