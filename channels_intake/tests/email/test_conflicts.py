"""What differs between two readings of storefront orders with the same site number
(channels_intake/email/conflicts.py): only the order's substance counts."""

from datetime import timedelta

from django.utils import timezone

from channels_intake.email.conflicts import order_differences


def _order(**changes) -> dict:
    day = (timezone.localdate() + timedelta(days=2)).isoformat()
    order = {"customer": {"name": "Anna Petrosyan", "phone": "+374 91 123456",
                          "email": "anna@example.am"},
             "recipient": {"name": "Ani", "phone": "", "address": "Yerevan, Abovyan 10"},
             "items": [{"sku": "FB-ROSE-25", "name": "Roses", "quantity": 1,
                        "unit_price": "18500"}],
             "delivery_date": day, "window": "10:00-13:00", "total": "18500",
             "currency": "AMD", "site_number": "30107"}
    order.update(changes)
    return order


def test_the_same_order_written_otherwise_is_no_difference():
    other = _order(customer={"name": "  anna   PETROSYAN ", "phone": "091123456",
                             "email": "Anna@Example.am"},
                   total="18500.00", currency="amd", message_id="<other@example>")
    assert order_differences(_order(), other) == []


def test_items_in_another_order_are_the_same_items():
    rose = {"sku": "FB-ROSE-25", "name": "Roses", "quantity": 1, "unit_price": "18500"}
    card = {"sku": "CARD", "name": "Card", "quantity": 1, "unit_price": "500"}
    assert order_differences(_order(items=[rose, card]), _order(items=[card, rose])) == []


def test_each_changed_field_is_named_with_both_values_as_written():
    later = (timezone.localdate() + timedelta(days=3)).isoformat()
    forged = _order(recipient={"name": "Ani", "phone": "", "address": "Gyumri, Rustaveli 1"},
                    delivery_date=later, total="9000")
    assert order_differences(_order(), forged) == [
        {"field": "address", "first": "Yerevan, Abovyan 10", "this": "Gyumri, Rustaveli 1"},
        {"field": "delivery_date", "first": _order()["delivery_date"], "this": later},
        {"field": "total", "first": "18500 AMD", "this": "9000 AMD"},
    ]


def test_another_item_quantity_or_an_unreadable_amount_is_a_difference():
    more = _order(items=[{"sku": "FB-ROSE-25", "name": "Roses", "quantity": 2,
                          "unit_price": "18500"}])
    assert [d["field"] for d in order_differences(_order(), more)] == ["items"]
    assert order_differences(_order(), more)[0]["this"] == "2 × FB-ROSE-25 Roses @ 18500"
    assert [d["field"] for d in order_differences(_order(), _order(total="ask Anna"))] == [
        "total"]


def test_a_phone_that_is_not_a_phone_compares_as_words():
    first = _order(customer={"name": "Anna Petrosyan", "phone": "call me", "email": ""})
    same = _order(customer={"name": "Anna Petrosyan", "phone": " CALL  me", "email": ""})
    assert order_differences(first, same) == []
