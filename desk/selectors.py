"""Reads that only the desk's screens need (the other reads live in each app's selectors)."""

from __future__ import annotations

from datetime import datetime

from django.core.cache import cache
from django.db.models import CharField, Count, Value
from django.utils import timezone

from channels_intake.selectors import review_messages
from delivery.control.selectors import open_items, overdue_items
from delivery.models import Courier
from inquiries.selectors import overdue_inquiries
from orders.models import Brand

# The filter bar's brands and active couriers: a handful of rows that rarely change, asked for on
# every queue page (and its 30-second refresh). Kept in the shared cache and dropped whenever a
# brand or courier is saved or deleted (desk/apps.py: the receiver only deletes this key); the
# timeout bounds what signals miss (queryset.update(), raw SQL). Raw values, not labels: a
# courier's label is translated.
QUEUE_CHOICES_KEY = "desk:queue-filter-choices:v1"
QUEUE_CHOICES_SECONDS = 300


def queue_filter_choices() -> dict[str, list[tuple]]:
    """{"brands": [(pk, name)], "couriers": [(pk, name, kind)]}, in each model's ordering."""
    choices = cache.get(QUEUE_CHOICES_KEY)
    if choices is None:
        choices = {"brands": list(Brand.objects.values_list("pk", "name")),
                   "couriers": list(Courier.objects.filter(is_active=True)
                                    .values_list("pk", "name", "kind"))}
        cache.set(QUEUE_CHOICES_KEY, choices, QUEUE_CHOICES_SECONDS)
    return choices


def forget_queue_filter_choices(**kwargs) -> None:
    """Signal receiver: a brand or courier changed, the next queue page reads them again."""
    cache.delete(QUEUE_CHOICES_KEY)


# The counts the desk shows as badges (the queue's header, the dashboard's desk table): each
# app says which rows it counts, as a queryset.
BADGES = {
    "review": lambda now: review_messages(),
    "inquiries_overdue": overdue_inquiries,
    "control_open": lambda now: open_items(),
    "control_overdue": overdue_items,
}


def badge_counts(*names: str, now: datetime | None = None) -> dict[str, int]:
    """{name: count} of the BADGES named, in ONE query (a UNION ALL of one count per badge):
    a page with three badges waits for the database once, not three times."""
    now = now or timezone.now()
    counts = [BADGES[name](now).annotate(badge=Value(name, output_field=CharField()))
              .values("badge").annotate(n=Count("pk")).order_by() for name in names]
    if not counts:
        return {}
    return dict(counts[0].union(*counts[1:], all=True).values_list("badge", "n"))
