from datetime import date

from django.urls import path, register_converter

import core.converters  # noqa: F401 (registers the "id" converter)
from core.days import day_allowed

from .views import (
    control,
    dashboard,
    delivery,
    feedback,
    home,
    inquiries,
    leads,
    order,
    parcel,
    photos,
    queue,
    quick,
    review,
)


class IsoDateConverter:
    """A day as 2026-12-24; anything else (or no such day) is a 404."""

    regex = "[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> date:
        day = date.fromisoformat(value)  # ValueError: no match, a 404
        if not day_allowed(day):  # 9999-12-31 has no next day to compute with
            raise ValueError(value)
        return day

    def to_url(self, value) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)


register_converter(IsoDateConverter, "isodate")

# The namespace is the app's name, as the paths live under /desk/ (rg_orders/urls.py):
# `{% url 'desk:...' %}`, `reverse("desk:...")`.
app_name = "desk"

urlpatterns = [
    path("", queue.QueueView.as_view(), name="queue"),
    path("new/", quick.QuickEntryView.as_view(), name="quick"),
    path("new/addons/", quick.AddonPanelView.as_view(), name="quick_addons"),
    path("new/summary/", quick.QuickSummaryView.as_view(), name="quick_summary"),
    path("new/places/", quick.WindowPlacesView.as_view(), name="quick_places"),
    path("new/products/", quick.ProductSearchView.as_view(), name="product_search"),
    path("customers/lookup/", quick.CustomerLookupView.as_view(), name="customer_lookup"),
    path("orders/<id:pk>/", order.OrderView.as_view(), name="order"),
    # photos (before order_action, whose <slug:action> would take "photos")
    path("orders/<id:pk>/photos/", photos.OrderPhotoView.as_view(), name="order_photos"),
    path("orders/<id:pk>/<slug:action>/", order.OrderView.as_view(), name="order_action"),
    path("orders/<id:pk>/<slug:action>/preview/", order.CustomerMessagePreviewView.as_view(),
         name="order_preview"),
    path("review/", review.ReviewListView.as_view(), name="review"),
    path("review/<id:pk>/", review.ReviewItemView.as_view(), name="review_item"),
    path("leads/", leads.LeadListView.as_view(), name="leads"),
    path("leads/<id:pk>/outcome/", leads.LeadOutcomeView.as_view(), name="lead_outcome"),
    path("leads/<id:pk>/complete/", leads.LeadCompleteView.as_view(), name="lead_complete"),
    # track
    path("orders/<id:pk>/parcel/status/", parcel.ParcelStatusView.as_view(),
         name="parcel_status"),
    # control
    path("control/", control.ControlListView.as_view(), name="control"),
    path("control/<id:pk>/resolve/", control.ControlResolveView.as_view(),
         name="control_resolve"),
    # board
    path("delivery/", delivery.BoardView.as_view(), name="delivery"),
    path("delivery/assign/", delivery.BoardAssignView.as_view(), name="delivery_assign"),
    path("delivery/<isodate:day>/couriers/<id:courier_id>/sheet/",
         delivery.RunSheetView.as_view(), name="run_sheet"),
    # cust
    path("feedback/", feedback.FeedbackView.as_view(), name="feedback"),
    # inq
    path("inquiries/", inquiries.InquiryListView.as_view(), name="inquiries"),
    path("inquiries/new/", inquiries.InquiryNewView.as_view(), name="inquiry_new"),
    path("inquiries/call/", inquiries.CallLogView.as_view(), name="inquiry_call"),
    path("inquiries/speed/", inquiries.InquirySpeedView.as_view(), name="inquiry_speed"),
    path("inquiries/<id:pk>/", inquiries.InquiryView.as_view(), name="inquiry"),
    path("inquiries/<id:pk>/<slug:action>/", inquiries.InquiryView.as_view(),
         name="inquiry_action"),
    # dash
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
]

# The home page sits at the root of the site, outside the /desk/ prefix and its namespace.
home_urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
]
