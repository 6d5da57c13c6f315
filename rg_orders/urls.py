from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from desk.urls import home_urlpatterns

admin.site.site_header = _("RG order desk")
admin.site.site_title = _("RG order desk")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("channels_intake.api.urls")),
    path("desk/", include("desk.urls")),
    path("photos/", include("delivery.urls.photos")),  # photos: signed links
    path("", include(home_urlpatterns)),
    path("", include("delivery.urls.courier")),  # couriers' own pages, /c/<token>/
    path("", include("core.urls")),
    path("", include("customers.urls")),  # the customer's status page /s/<token>/
]
