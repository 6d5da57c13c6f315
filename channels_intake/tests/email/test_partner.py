"""Order e-mails of partners abroad read with a PartnerLayout (channels_intake/email/partner.py):
which letters a layout claims, and the order it reads or refuses."""

from datetime import timedelta
from email.message import EmailMessage

import pytest
from django.utils import timezone

from channels_intake.email.mime import Letter, read_letter
from channels_intake.email.partner import LayoutReader
from channels_intake.email.website import Unreadable
from channels_intake.models import PartnerLayout


def _layout(**changes) -> PartnerLayout:
    fields = {"name": "Bloom", "partner_code": "bloom", "sender_contains": " Bloom.example ",
              "subject_pattern": r"order (?P<ref>B-\d+)",
              "labels": {"partner_order_id": ["Ref", "Reference"], "recipient_name": "Recipient",
                         "address": "Address", "delivery_date": "Date", "amount": "Amount",
                         "quantity": "Qty", "product": "Product"},
              "default_currency": "USD"}
    fields.update(changes)
    return PartnerLayout(**fields)


def _letter(text: str, *, subject="Order", sender="ops@bloom.example") -> Letter:
    return Letter(subject=subject, sender=sender, text=text)


def test_a_layout_claims_letters_by_sender_or_by_subject():
    reader = LayoutReader.from_row(_layout())
    assert reader.matches(_letter("", sender="ops@bloom.example"))
    assert reader.matches(_letter("", subject="New ORDER b-12", sender="x@elsewhere.example"))
    assert not reader.matches(_letter("", subject="Hello", sender="x@elsewhere.example"))


def test_a_broken_subject_pattern_does_not_stop_the_intake():
    reader = LayoutReader.from_row(_layout(subject_pattern="order (", sender_contains=""))
    assert reader.subject_pattern is None
    assert not reader.matches(_letter("", subject="order (", sender="x@elsewhere.example"))


def test_a_full_order_is_read_with_the_reference_from_the_subject_and_a_unit_price():
    day = (timezone.localdate() + timedelta(days=2)).isoformat()
    letter = _letter(f"Recipient: Ani\nAddress: Yerevan, Abovyan 10\nDate: {day}\n"
                     "Product: Roses\nQty: 3\nAmount: 100 USD\n", subject="Order B-7")
    order = LayoutReader.from_row(_layout()).order(letter)
    assert (order.partner_order_id, order.partner, order.delivery_date) == ("B-7", "bloom", day)
    assert (order.total, order.currency, order.extra) == ("100", "USD", {"layout": "Bloom"})
    assert [(item.quantity, item.unit_price) for item in order.items] == [("3", "33.33")]


def test_an_order_without_a_required_field_is_refused_naming_its_label():
    letter = _letter("Reference: B-8\nRecipient: Ani\nAmount: 40\n")
    with pytest.raises(Unreadable) as caught:
        LayoutReader.from_row(_layout()).order(letter)
    assert "Address" in str(caught.value) and "Date" in str(caught.value)
    assert caught.value.partial.partner_order_id == "B-8"


def test_a_partner_message_read_in_part_keeps_what_was_read(mail_source, brands):
    layout = PartnerLayout(name="Bloom", partner_code="bloom", sender_contains="bloom",
                           labels={"partner_order_id": "Ref", "recipient_name": "Recipient",
                                   "address": "Address", "delivery_date": "Date",
                                   "amount": "Amount"}, default_currency="USD")
    day = (timezone.localdate() + timedelta(days=2)).isoformat()
    message = EmailMessage()
    message["Subject"], message["From"] = "Order", "ops@bloom.example"
    message.set_content(f"Ref: B-7\nRecipient: Ani\nDate: {day}\nAmount: forty dollars\n")
    with pytest.raises(Unreadable) as caught:
        LayoutReader.from_row(layout).order(read_letter(message.as_bytes()))
    partial = caught.value.partial
    assert (partial.partner_order_id, partial.recipient.name, partial.delivery_date) == (
        "B-7", "Ani", day)
    assert sorted(partial.extra["unread"]) == ["items", "recipient.address", "total"]
