"""Fixtures of the operator desk's tests: an order with a stocked product, an add-on rule."""

import importlib
import pkgutil
from decimal import Decimal

import pytest

from catalog.tests.factories import (
    AddOnRuleFactory,
    LocationFactory,
    ProductFactory,
    StockItemFactory,
    category,
)
from delivery.models import Courier
from desk import forms as desk_forms
from orders.models import Channel
from orders.tests.factories import CustomerFactory, OrderFactory, OrderLineFactory


@pytest.fixture
def shop(db):
    return LocationFactory(name="Shop Baghramyan", priority=1)


@pytest.fixture
def rose(shop):
    product = ProductFactory(sku="DSK-ROSE", name_en="25 red roses", price=Decimal("20000.00"))
    StockItemFactory(product=product, location=shop, on_hand=5)
    return product


@pytest.fixture
def balloon(shop):
    product = ProductFactory(sku="DSK-BALLOON", name_en="Balloon", name_ru="Шар",
                             name_hy="Փուչիկ", price=Decimal("3000.00"),
                             category=category("balloons"))
    StockItemFactory(product=product, location=shop, on_hand=10)
    AddOnRuleFactory(category=category("bouquets"), addon=product, is_festive=True)
    return product


@pytest.fixture
def courier(db):
    return Courier.objects.create(name="Vahe", kind=Courier.Kind.OWN, phone="+37491555101")


def make_order(product, *, quantity=1, **fields):
    fields.setdefault("customer", CustomerFactory(language="ru", email="ani@example.am"))
    fields.setdefault("channel", Channel.PARTNER_EMAIL)
    order = OrderFactory(subtotal=product.price * quantity, total=product.price * quantity,
                         **fields)
    OrderLineFactory(order=order, product=product, sku=product.sku, name=product.name_en,
                     quantity=quantity, unit_price=product.price)
    return order


@pytest.fixture
def desk_order(rose):
    return make_order(rose)


def package_modules(package) -> tuple:
    """Every module of a package (desk/forms, delivery/forms), for the tests that look at all
    the forms people fill in."""
    return tuple(importlib.import_module(f"{package.__name__}.{found.name}")
                 for found in pkgutil.iter_modules(package.__path__))


def desk_form_modules() -> tuple:
    return package_modules(desk_forms)
