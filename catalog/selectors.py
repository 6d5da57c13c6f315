"""Reads of the catalog shared by pages, the API and services."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from .models import AddOnRule, Category, Product


def products_by_sku(skus: Iterable[str]) -> dict[str, Product]:
    wanted = {sku.strip().upper() for sku in skus if sku and sku.strip()}
    if not wanted:
        return {}
    found = Product.objects.select_related("category").filter(sku__in=wanted)
    return {product.sku: product for product in found}


def addon_offers(*, category_ids: Iterable[int]) -> QuerySet[Product]:
    """Active add-ons for orders of these categories; festive ones never with mourning goods."""
    category_ids = set(category_ids)
    rules = AddOnRule.objects.filter(category_id__in=category_ids, addon__is_active=True)
    if Category.objects.filter(pk__in=category_ids, is_mourning=True).exists():
        rules = rules.filter(is_festive=False)
    return (
        Product.objects.filter(pk__in=rules.values("addon_id"))
        .select_related("category")
        .order_by("category__position", "price")
    )
