from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from catalog.models import AddOnRule, Category, Location, Product, PromoCode, Promotion, StockItem


def category(code: str) -> Category:
    """The categories come from a data migration: tests use them, never make new ones."""
    return Category.objects.get(code=code)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        django_get_or_create = ("sku",)

    sku = factory.Sequence(lambda n: f"TST-{n:04d}")
    name_en = factory.Sequence(lambda n: f"Test bouquet {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовый букет {n}")
    name_hy = factory.Sequence(lambda n: f"Փորձնական փունջ {n}")
    category = factory.LazyFunction(lambda: category("bouquets"))
    price = Decimal("10000.00")
    currency = "AMD"


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Shop {n}")
    kind = Location.Kind.SHOP
    priority = 1


class StockItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StockItem

    product = factory.SubFactory(ProductFactory)
    location = factory.SubFactory(LocationFactory)
    on_hand = 10


class PromotionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Promotion

    name = factory.Sequence(lambda n: f"Promotion {n}")
    kind = Promotion.Kind.PERCENT
    value = Decimal("10")
    valid_from = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    valid_until = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class PromoCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromoCode

    code = factory.Sequence(lambda n: f"CODE{n}")
    promotion = factory.SubFactory(PromotionFactory)


class AddOnRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AddOnRule

    category = factory.LazyFunction(lambda: category("bouquets"))
    addon = factory.SubFactory(ProductFactory)
    is_festive = True
