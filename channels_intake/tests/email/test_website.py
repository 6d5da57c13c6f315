"""Storefront order e-mails read with a LabelSet (channels_intake/email/website.py): which letters
are storefront orders, the fields read off them, and the order read or refused with every
reason. No database: the label set is built in memory."""

import pytest

from channels_intake.email.mime import Letter
from channels_intake.email.website import (
    LabelReader,
    Unreadable,
    looks_like_website_order,
    read_fields,
    website_order,
)
from channels_intake.models import LabelSet

from .mails import delivery_day

LABELS = {"site_number": "Order", "customer_name": "Customer", "customer_phone": "Phone",
          "recipient_name": "Recipient", "address": "Address", "delivery_date": "Delivery date",
          "payment": "Payment", "paid": "Paid", "items": "Items", "delivery_fee": "Delivery",
          "total": "Total"}


def _reader() -> LabelReader:
    return LabelReader.from_row(LabelSet(
        name="en", language="en", labels={**LABELS, "customer_name": ["Customer", "Client"]},
        values={"card": ["card", "by card"], "yes": "sure"},
        order_subject="New order", preorder_subject="Pre-order"))


def _body(*, total="Total: 19500 AMD", paid="Paid: yes", items="RG-1 | Roses | 1 x 18500 AMD"):
    return (f"Order: 30107\nCustomer: Anna\nPhone: +374 91 123456\nRecipient: Ani\n"
            f"Address: Yerevan, Abovyan 10\nDelivery date: {delivery_day()}\nPayment: by card\n"
            f"{paid}\n\nItems:\n{items}\n\nDelivery: 1000 AMD\n{total}\n")


def _letter(text: str, subject="New order #30107") -> Letter:
    return Letter(subject=subject, sender="orders@flowers.rg.example", text=text)


def test_the_subject_tells_an_order_from_a_preorder():
    reader = _reader()
    assert reader.subject_kind("RG: new ORDER #1") == "order"
    assert reader.subject_kind("Pre-order #2") == "preorder"
    assert reader.subject_kind("Re: hello") == ""


def test_fields_are_read_once_each_first_one_winning_with_the_items_block():
    reading = read_fields("Customer: Anna\nClient: Someone else\nItems:\nRG-1 | Roses | 2 x 900 AMD\n"
                          "a line no one understands\n\nNote: not a label\n",
                          _reader().fields)
    assert reading.values == {"customer_name": "Anna"}
    assert reading.has_items_block and [item.sku for item in reading.items] == ["RG-1"]
    assert reading.bad_items == ["a line no one understands"]


def test_an_unknown_subject_is_a_storefront_order_only_when_the_body_shows_it():
    readers = [_reader()]
    assert looks_like_website_order(_letter(_body(), subject="Fwd: flowers"), readers)[2] == "order"
    assert looks_like_website_order(_letter("Customer: Anna\nPhone: 1\n", subject="Hi"),
                                    readers) is None
    assert looks_like_website_order(_letter("Hi", subject="Pre-order #5"), readers)[2] == "preorder"


def test_a_full_letter_is_read_into_an_order():
    letter = _letter(_body())
    reader, reading, kind = looks_like_website_order(letter, [_reader()])
    order = website_order(letter, reader, reading, kind=kind, brand="rg")
    assert (order.site_number, order.customer.name, order.delivery_date) == (
        "30107", "Anna", delivery_day())
    assert (order.payment_method, order.is_paid, order.delivery_fee, order.total) == (
        "card", True, "1000", "19500")
    assert [(item.sku, item.quantity, item.unit_price) for item in order.items] == [
        ("RG-1", "1", "18500")]


def test_a_letter_with_several_wrongs_is_refused_naming_each_and_keeping_the_rest():
    letter = _letter(_body(total="Total: ask Anna", paid="Paid: maybe",
                           items="RG-1 | Roses | 1 x 18500 USD"))
    reader, reading, kind = looks_like_website_order(letter, [_reader()])
    with pytest.raises(Unreadable) as caught:
        website_order(letter, reader, reading, kind=kind, brand="rg")
    reason = str(caught.value)
    assert "ask Anna" in reason and "maybe" in reason and "AMD, USD" in reason
    partial = caught.value.partial
    assert partial.customer.name == "Anna" and partial.total is None and partial.delivery_fee is None
    assert {"total", "is_paid", "currency", "items", "delivery_fee"} <= set(partial.extra["unread"])
