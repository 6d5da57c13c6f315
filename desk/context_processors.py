"""What every desk page may show: the managers' links and their banner of overdue control
items."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from core.roles import MANAGER, has_role
from delivery.control.selectors import control_counts


def control_counts_for(request) -> dict[str, int]:
    """The control list's {"open", "overdue"}, one query per request whoever asks (the queue
    header, the managers' banner)."""
    if not hasattr(request, "_control_counts"):
        request._control_counts = control_counts()
    return request._control_counts


def remember_control_counts(request, counts: dict[str, int]) -> dict[str, int]:
    """The control list's counts read with others (desk.selectors.badge_counts): the banner of
    the same request uses them instead of asking again."""
    request._control_counts = counts
    return counts


def control(request) -> dict:
    """`control_alert`: the counts for a manager, {} for anyone else. Lazy: a page that does
    not print the banner never queries."""
    def alert() -> dict[str, int]:
        user = getattr(request, "user", None)
        if user is None or not has_role(user, MANAGER):
            return {}
        return control_counts_for(request)

    def manager() -> bool:
        user = getattr(request, "user", None)
        return user is not None and has_role(user, MANAGER)

    return {"control_alert": SimpleLazyObject(alert), "desk_manager": SimpleLazyObject(manager)}
