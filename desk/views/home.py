from __future__ import annotations

from django.views.generic import TemplateView

from core.roles import RoleRequiredMixin
from orders import selectors as order_selectors


class HomeView(RoleRequiredMixin, TemplateView):
    """The landing page: counts of orders by status for every role."""

    template_name = "desk/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status_counts"] = order_selectors.status_counts()
        return context
