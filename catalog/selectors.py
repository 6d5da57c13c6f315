"""Reads of the catalog shared by pages, the API and services."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from .models import AddOnRule, Category, Product


def products_by_sku(skus: Iterable[str]) -> dict[str, Product]:
    wanted = {sku.strip().upper() for sku in skus if sku and sku.strip()}
    if not wanted:
        return {}
    # No join to the category, no ORDER BY: the callers read the product's own columns (and
    # category_id) from a dict. The intake runs this for every order.
    found = Product.objects.filter(sku__in=wanted).order_by()
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
