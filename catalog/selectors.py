"""Reads of the catalog shared by pages, the API and services."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

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


SEARCH_LIMIT = 20


def products_search(q: str, *, limit: int = SEARCH_LIMIT) -> QuerySet[Product]:
    """Active products whose name in Armenian, Russian or English contains `q` (any case), or
    whose SKU starts with it: the quick entry's product search. An exact SKU comes first."""
    text = (q or "").strip()
    if not text:
        return Product.objects.none()
    sku = text.upper()
    found = (Q(sku__istartswith=sku) | Q(name_hy__icontains=text) | Q(name_ru__icontains=text)
             | Q(name_en__icontains=text))
    exact_first = Case(When(sku=sku, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (Product.objects.filter(found, is_active=True).select_related("category")
            .order_by(exact_first, "sku")[:limit])
