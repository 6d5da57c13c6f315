from __future__ import annotations

from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.roles import ADMIN, MANAGER, RoleRequiredMixin, has_role
from orders import selectors as order_selectors


class HomeView(RoleRequiredMixin, TemplateView):
    """The landing page. Operators work the queue, so they land there; managers land on their
    dashboard; admins get the overview (counts of orders by status)."""

    template_name = "desk/home.html"

    def get(self, request, *args, **kwargs):
        if not has_role(request.user, MANAGER, ADMIN):
            return redirect("desk:queue")
        if not has_role(request.user, ADMIN):
            return redirect("desk:dashboard")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status_counts"] = order_selectors.status_counts()
        return context
