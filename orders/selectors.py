"""Reads of orders shared by pages, the API and dashboards."""

from __future__ import annotations

from django.db.models import Count

from .models import Order, Status


def status_counts() -> list[tuple[str, int]]:
    """(label, count) for every status, in the order of the lifecycle; one query."""
    counts = dict(Order.objects.values_list("status").annotate(n=Count("id")).order_by())
    return [(status.label, counts.get(status.value, 0)) for status in Status]
