from __future__ import annotations

from django.views import View

from core.roles import MANAGER, OPERATOR, RoleRequiredMixin


class DeskView(RoleRequiredMixin, View):
    """Every desk page: logged in, operator or manager (superusers pass too)."""

    roles = (OPERATOR, MANAGER)
