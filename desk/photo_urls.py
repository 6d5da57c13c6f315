"""/photos/<token>/: a photo behind its signed, expiring link (included at the site's root)."""

from django.urls import path

from .views.photos import PhotoView

app_name = "photos"

urlpatterns = [
    path("<str:token>/", PhotoView.as_view(), name="show"),
]
