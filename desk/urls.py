from django.urls import path, register_converter

from .views import dashboard, home, leads, order, queue, quick, review


class IdConverter:
    """A row id: digits that fit the bigint primary keys, so that /desk/orders/<40 digits>/ is
    a 404 and never a database error."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")

# The namespace stays "orders" (as before the move) so that every `{% url 'orders:...' %}` and
# `reverse("orders:...")` keeps working; the paths live under /desk/ (rg_orders/urls.py).
app_name = "orders"

urlpatterns = [
    path("", queue.QueueView.as_view(), name="queue"),
    path("new/", quick.QuickEntryView.as_view(), name="quick"),
    path("new/addons/", quick.AddonPanelView.as_view(), name="quick_addons"),
    path("new/products/", quick.ProductSearchView.as_view(), name="product_search"),
    path("customers/lookup/", quick.CustomerLookupView.as_view(), name="customer_lookup"),
    path("orders/<id:pk>/", order.OrderView.as_view(), name="order"),
    path("orders/<id:pk>/<slug:action>/", order.OrderView.as_view(), name="order_action"),
    path("orders/<id:pk>/<slug:action>/preview/", order.CustomerMessagePreviewView.as_view(),
         name="order_preview"),
    path("review/", review.ReviewListView.as_view(), name="review"),
    path("review/<id:pk>/", review.ReviewItemView.as_view(), name="review_item"),
    path("leads/", leads.LeadListView.as_view(), name="leads"),
    path("leads/<id:pk>/outcome/", leads.LeadOutcomeView.as_view(), name="lead_outcome"),
    path("leads/<id:pk>/complete/", leads.LeadCompleteView.as_view(), name="lead_complete"),
    # dash
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
]

# The home page sits at the root of the site, outside the /desk/ prefix and its namespace.
home_urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
]
