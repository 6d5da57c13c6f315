"""Reads that only the desk's screens need (the other reads live in each app's selectors)."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Q, QuerySet

from catalog.models import Product
from delivery.models import Courier
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


def product_search(text: str, *, limit: int = 15) -> QuerySet[Product]:
    """Active products whose SKU or name in any of the desk's languages (hy, ru, en) contains
    `text`, by SKU. Quick entry's product search. (To become a call to
    `catalog.selectors.products_search(q)`, which the catalog keeps with the translated names,
    once that is merged.)"""
    text = text.strip()
    if not text:
        return Product.objects.none()
    found = (Q(sku__icontains=text) | Q(name_hy__icontains=text) | Q(name_ru__icontains=text)
             | Q(name_en__icontains=text))
    return (Product.objects.filter(found, is_active=True).select_related("category")
            .order_by("sku")[:limit])
