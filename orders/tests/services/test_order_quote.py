"""order_quote: quick entry's running total is the total intake then gives the order."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.tests.factories import ProductFactory
from orders.normalized import Item, Party
from orders.services import intake, order_quote
from orders.tests.factories import BrandFactory, normalized_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog():
    BrandFactory(code="flowers")
    ProductFactory(sku="FB-ROSE-25", price=Decimal("25000"))
    ProductFactory(sku="FB-BALLOON", price=Decimal("3500"))


def test_the_quote_is_the_total_intake_gives_the_order():
    items = (Item(sku="FB-ROSE-25", quantity=2), Item(sku="fb-balloon", quantity=1, is_upsell=True),
             Item(name="Handmade card", quantity=1, unit_price="1200"))
    normalized = normalized_order(items=items, delivery_fee="1000", discount="500", total=None,
                                  delivery_date=(timezone.localdate() + timedelta(days=1)))
    quote = order_quote(normalized=normalized)
    # By hand: 2 × 25,000 + 3,500 + 1,200 = 54,700; + 1,000 fee − 500 discount = 55,200.
    assert quote.subtotal == Decimal("54700") and quote.total == Decimal("55200")
    assert [line.amount for line in quote.lines] == [Decimal("50000"), Decimal("3500"),
                                                     Decimal("1200")]
    assert quote.lines[1].is_upsell and not quote.problems
    assert intake(normalized=normalized, source="test").order.total == quote.total


def test_a_quote_needs_only_the_lines_and_names_what_it_cannot_price():
    from orders.normalized import NormalizedOrder

    picked = NormalizedOrder(channel="", customer=Party(), recipient=Party(), delivery_date=None,
                             items=(Item(sku="FB-ROSE-25", quantity=1),
                                    Item(sku="NOT-SOLD", quantity=1)))
    quote = order_quote(normalized=picked)
    assert quote.total == Decimal("25000")
    assert len(quote.problems) == 1 and "NOT-SOLD" in quote.problems[0]
    empty = order_quote(normalized=NormalizedOrder(channel="", customer=Party(), recipient=Party(),
                                                   items=(), delivery_date=None))
    assert empty.lines == () and empty.total == Decimal("0") and not empty.problems
