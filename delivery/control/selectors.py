"""Reads of the control list: the page's items and the counts the queue header, the managers'
banner and the managers' dashboard show."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ..models import ControlItem

SHOWS = ("all", "mine", "overdue")


def control_items(*, show: str = "all", user=None, now: datetime | None = None) -> QuerySet:
    """Open items, soonest deadline first: all of them, `user`'s own (mine), or the ones past
    their deadline (overdue). One query with what each row shows."""
    now = now or timezone.now()
    items = ControlItem.objects.filter(resolved_at__isnull=True)
    if show == "mine":
        items = items.filter(owner=user) if user is not None and user.pk else items.none()
    elif show == "overdue":
        items = items.filter(deadline__lte=now)
    return (items.select_related("order", "order__customer", "order__brand", "owner")
            .order_by("deadline", "id"))


def open_items() -> QuerySet[ControlItem]:
    """Items not resolved yet (the partial index of open items)."""
    return ControlItem.objects.filter(resolved_at__isnull=True)


def overdue_items(now: datetime | None = None) -> QuerySet[ControlItem]:
    """Open items past their deadline."""
    return open_items().filter(deadline__lte=now or timezone.now())


def control_counts(now: datetime | None = None) -> dict[str, int]:
    """{"open": n, "overdue": n}: ONE query (on the partial index of open items)."""
    now = now or timezone.now()
    return open_items().aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(deadline__lte=now)))
