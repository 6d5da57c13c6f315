"""The intake door's bounds (issue 11): dates that cannot break a page, and orders that cannot
grow without end or overflow the amount columns. Every channel comes through this door."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from catalog.tests.factories import ProductFactory
from orders.exceptions import IntakeInvalid
from orders.models import Order
from orders.normalized import Item, Party
from orders.services import intake
from orders.services.validation import delivery_date_range
from orders.tests.factories import BrandFactory, normalized_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog():
    BrandFactory(code="flowers")
    return ProductFactory(sku="FB-ROSE-25", price=Decimal("25000"))


def refused(**overrides) -> dict:
    with pytest.raises(IntakeInvalid) as caught:
        intake(normalized=normalized_order(**overrides), source="test")
    assert Order.objects.count() == 0
    return {path: [code for code, _message in problems]
            for path, problems in caught.value.errors.items()}


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "01.01.0001"])
def test_a_delivery_date_far_from_today_is_a_field_error(day):
    # Year 1 with a window before 02:58 Yerevan time was stored as a BC timestamp.
    assert refused(delivery_date=day, window="01:00-02:00") == {"delivery.date": ["out_of_range"]}


def test_the_date_range_is_a_year_either_side_of_today_and_a_setting():
    today = timezone.localdate()
    first, last = delivery_date_range()
    assert (first, last) == (today - timedelta(days=365), today + timedelta(days=365))
    assert intake(normalized=normalized_order(delivery_date=first.isoformat()),
                  source="test").outcome == "order"
    Order.objects.all().delete()
    assert refused(delivery_date=(last + timedelta(days=1)).isoformat(), site_number="2")
    with override_settings(INTAKE_DELIVERY_DAYS_AHEAD=3):
        assert refused(delivery_date=(today + timedelta(days=4)).isoformat(), site_number="3")


def test_a_preorder_with_a_far_date_is_refused_too():
    assert refused(channel="preorder", is_preorder=True, delivery_date="9999-12-31") == {
        "delivery.date": ["out_of_range"]}


def test_too_many_items_are_refused_without_looking_at_each():
    items = tuple(Item(sku="FB-ROSE-25", quantity=1) for _ in range(70_000))
    assert refused(items=items, total=None) == {"items": ["too_many"]}


@override_settings(INTAKE_MAX_ITEMS=3)
def test_the_item_limit_is_a_setting():
    items = tuple(Item(sku="FB-ROSE-25", quantity=1) for _ in range(4))
    assert refused(items=items, total=None) == {"items": ["too_many"]}


@pytest.mark.parametrize("quantity", [0, 1000, 3_000_000_000, "9" * 5000, "abc", "2.5"])
def test_a_quantity_outside_1_to_999_is_a_field_error(quantity):
    assert refused(items=(Item(sku="FB-ROSE-25", quantity=quantity),), total=None) == {
        "items[0].quantity": ["invalid"]}


@pytest.mark.parametrize(("field", "value"), [
    ("delivery_fee", "9999999999.99"), ("discount", "100000000.01"), ("total", "1e30"),
    ("delivery_fee", "1e-999999999"), ("delivery_fee", "0.001"),
])
def test_an_amount_that_cannot_be_stored_as_stated_is_a_field_error(field, value):
    assert list(refused(**{field: value})) == [field]


def test_a_unit_price_over_the_limit_is_a_field_error():
    # quantity 2 x 9999999999.99 overflowed the total column: a 500.
    item = Item(sku="FB-ROSE-25", quantity=2, unit_price="9999999999.99")
    assert refused(items=(item,), total=None) == {"items[0].unit_price": ["too_large"]}


def test_lines_that_together_overflow_the_total_column_are_refused():
    items = tuple(Item(sku="", name=f"Gold {n}", quantity=999, unit_price="100000000")
                  for n in range(2))
    errors = refused(items=items, total=None)
    assert errors == {"items[0].quantity": ["too_large"], "items[1].quantity": ["too_large"],
                      "items": ["too_large"]}


@pytest.mark.parametrize(("overrides", "path"), [
    ({"customer": Party(name="x" * 201, phone="091123456")}, "customer.name"),
    ({"customer": Party(phone="0" * 41)}, "customer.phone"),
    ({"recipient": Party(name="x" * 201, address="Yerevan")}, "recipient.name"),
    ({"recipient": Party(name="Nare", address="x" * 1001)}, "recipient.address"),
    ({"card_message": "x" * 2001}, "card_message"),
    ({"customer_comment": "x" * 2001}, "customer_comment"),
    ({"site_number": "9" * 41}, "site_number"),
    ({"promo_code": "P" * 41}, "promo_code"),
    ({"items": (Item(sku="S" * 41, quantity=1, unit_price="1"),)}, "items[0].sku"),
    ({"items": (Item(name="n" * 301, quantity=1, unit_price="1"),)}, "items[0].name"),
])
def test_texts_longer_than_their_column_are_field_errors(overrides, path):
    assert path in refused(**{"total": None, **overrides})


def test_everything_at_its_limit_is_still_an_order():
    items = tuple(Item(name=f"n{n}".ljust(300, "x"), quantity=999, unit_price="90000")
                  for n in range(100))
    result = intake(normalized=normalized_order(
        items=items, total=None, delivery_fee="100000000", card_message="c" * 2000,
        recipient=Party(name="r" * 200, address="a" * 1000)), source="test")
    assert result.outcome == "order"
    assert result.order.total == Decimal("90000") * 999 * 100 + Decimal("100000000")


def test_a_nul_in_any_text_is_a_field_error_not_a_database_error():
    errors = refused(items=(Item(sku="FB-\x00ROSE", quantity=1, unit_price="1"),),
                     recipient=Party(name="Na\x00re", address="Yerevan"), partner="x\x00",
                     brand="flo\x00wers", total=None)
    assert errors["items[0].sku"] == ["invalid"] and errors["recipient.name"] == ["invalid"]


@pytest.mark.parametrize("bad", ["\x07", "\x1b[31m", "\u202e", "\u2066", "\x85", "\x7f"])
def test_control_and_direction_override_characters_are_field_errors(bad):
    # Issue 17: a BEL, an ESC or a right-to-left override in a name reached every screen.
    errors = refused(customer=Party(name=f"An{bad}na", phone="+37491000001"),
                     recipient=Party(name=f"Na{bad}re", address=f"Yere{bad}van"),
                     card_message=f"Lo{bad}ve", items=(Item(name=f"Ro{bad}se", quantity=1,
                                                            unit_price="1"),), total=None)
    assert errors == {path: ["unreadable_character"] for path in (
        "customer.name", "recipient.name", "recipient.address", "card_message", "items[0].name")}


def test_line_breaks_are_text_where_a_text_has_lines_and_mistakes_in_a_name():
    errors = refused(recipient=Party(name="Nare\nAvagyan", address="Yerevan,\r\nBaghramyan 3\t"),
                     card_message="Love,\nAnna", total=None)
    assert errors == {"recipient.name": ["unreadable_character"]}
    # The marks that only set the direction of neutral characters are legitimate (and the ends
    # of a one-line text are whitespace the door strips).
    result = intake(normalized=normalized_order(
        recipient=Party(name="\u200fNare Ավագյան\u200e\n", address="Yerevan,\r\nBaghramyan 3"),
        card_message="Love,\nАнна\u061c", total=None), source="test")
    assert result.outcome == "order" and result.order.recipient_name == "\u200fNare Ավագյան\u200e"
