"""The review page carries what the message said into the order, submitted as a browser
would: the POST is built from the rendered form's own fields."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from channels_intake.models import InboundState
from channels_intake.tests.test_review import review_item
from orders.normalized import Item
from orders.tests.factories import BrandFactory, normalized_order

from .browser_form import form_fields

pytestmark = pytest.mark.django_db


def stated_message(rose):
    """A site order: a rose at the site's price (not the catalog's), two balloons the catalog
    does not know, a delivery fee and a discount; paid 25,500 as the customer was told."""
    return review_item(parsed=normalized_order(
        delivery_date=(timezone.localdate() + timedelta(days=1)).isoformat(),
        items=(Item(sku=rose.sku, quantity=1, unit_price="22000"),
               Item(name="Heart balloons", quantity=2, unit_price="1500")),
        delivery_fee="1000", discount="500", total="25500", is_paid=True,
        payment_method="card").to_json())


def assert_order_equals_the_message(order):
    lines = sorted((line.sku, line.name, line.quantity, line.unit_price, line.product_id is None)
                   for line in order.lines.all())
    assert lines == [("", "Heart balloons", 2, Decimal("1500.00"), True),
                     ("DSK-ROSE", "25 red roses", 1, Decimal("22000.00"), False)]
    assert (order.subtotal, order.delivery_fee, order.discount, order.total) == (
        Decimal("25000.00"), Decimal("1000.00"), Decimal("500.00"), Decimal("25500.00"))
    assert order.is_paid and order.payment_method == "card"
    assert not order.has_total_mismatch and order.has_unknown_items


def test_every_stated_line_price_fee_and_discount_reach_the_order(client_operator, rose):
    BrandFactory()
    item = stated_message(rose)
    url = reverse("desk:review_item", args=[item.pk])
    page = client_operator.get(url).content.decode()

    response = client_operator.post(url, form_fields(page, "review-form"))

    item.refresh_from_db()
    assert response.status_code == 302, response.content.decode()[:3000]
    assert item.state == InboundState.ORDER
    assert_order_equals_the_message(item.order)


def test_a_line_dropped_by_the_operator_leaves_the_stated_total_and_flags_it(client_operator,
                                                                            rose):
    BrandFactory()
    item = stated_message(rose)
    url = reverse("desk:review_item", args=[item.pk])
    fields = form_fields(client_operator.get(url).content.decode(), "review-form")
    balloons = next(key for key, value in fields.items() if value == "Heart balloons")
    fields[balloons.replace("-name", "-quantity")] = "0"

    assert client_operator.post(url, fields).status_code == 302

    item.refresh_from_db()
    order = item.order
    assert order.lines.count() == 1 and order.total == Decimal("25500.00")
    assert order.has_total_mismatch  # a person sees that the lines no longer add up


def test_a_line_without_sku_or_name_is_refused_beside_the_line(client_operator, rose):
    BrandFactory()
    item = stated_message(rose)
    url = reverse("desk:review_item", args=[item.pk])
    fields = form_fields(client_operator.get(url).content.decode(), "review-form")
    fields["line-2-quantity"] = "3"  # the blank extra row: a quantity, no SKU, no name

    response = client_operator.post(url, fields)

    assert response.status_code == 400
    assert "An item needs a SKU or a name." in response.content.decode()
    item.refresh_from_db()
    assert item.state == InboundState.REVIEW


def test_a_partner_message_keeps_its_currency_and_partner(client_operator, rose):
    from orders.models import Partner

    brand = BrandFactory()
    Partner.objects.create(code="worldwide", name="Worldwide", brand=brand)
    item = review_item(parsed=normalized_order(
        channel="partner_email", brand="", site_number="", partner="worldwide",
        partner_order_id="WW-558812", currency="USD", total="65.00",
        delivery_date=(timezone.localdate() + timedelta(days=1)).isoformat(),
        items=(Item(name='Mixed bouquet "Sunrise"', quantity=1, unit_price="65.00"),)).to_json())
    url = reverse("desk:review_item", args=[item.pk])

    response = client_operator.post(url, form_fields(client_operator.get(url).content.decode(),
                                                     "review-form"))

    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    order = item.order
    assert (order.currency, order.total, order.partner_order_id) == ("USD", Decimal("65.00"),
                                                                     "WW-558812")
    assert order.partner.code == "worldwide" and not order.has_total_mismatch
