import dataclasses
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.tests.factories import ProductFactory
from channels_intake import review
from channels_intake.models import InboundMessage, InboundState
from channels_intake.tests.factories import SourceFactory
from orders.exceptions import IntakeInvalid
from orders.normalized import Item, Party
from orders.tests.factories import BrandFactory, normalized_order

pytestmark = pytest.mark.django_db


def review_item(**fields) -> InboundMessage:
    values = {"source": SourceFactory(name="orders-mailbox"), "dedup_key": "mid:<1@x>",
              "content_hash": "0" * 64, "raw": b"Subject: order\n\nroses to Abovyan 12",
              "subject": "order", "state": InboundState.REVIEW,
              "reason": "no parser for this layout", "parsed": {}}
    values.update(fields)
    return InboundMessage.objects.create(**values)


def test_saving_takes_the_order_through_intake_and_closes_the_item(operator_user):
    BrandFactory()
    ProductFactory(sku="FB-ROSE-25", price=Decimal("25000"))
    item = review_item()

    result = review.review_resolve(message_id=item.pk, normalized=normalized_order(),
                                   actor=operator_user)

    item.refresh_from_db()
    assert result.outcome == "order"
    assert item.state == InboundState.ORDER and item.order == result.order
    assert item.processed_at is not None and item.parsed["site_number"] == "10234"
    assert result.order.events.get(kind="created").system == "orders-mailbox"


def test_an_invalid_save_keeps_the_item_in_review():
    BrandFactory()
    item = review_item()
    with pytest.raises(IntakeInvalid):
        review.review_resolve(message_id=item.pk,
                              normalized=normalized_order(recipient=normalized_order().customer))
    item.refresh_from_db()
    assert item.state == InboundState.REVIEW and item.order is None


def test_dismissing_needs_a_reason(operator_user):
    item = review_item()
    with pytest.raises(review.ReviewRefused):
        review.review_dismiss(message_id=item.pk, reason=" ")

    review.review_dismiss(message_id=item.pk, reason="spam", actor=operator_user)

    item.refresh_from_db()
    name = operator_user.get_full_name() or operator_user.username  # by name, not login
    assert item.state == InboundState.IGNORED and item.reason == f"spam ({name})"


def test_an_item_handled_already_is_refused():
    item = review_item(state=InboundState.IGNORED)
    with pytest.raises(review.ReviewRefused):
        review.review_dismiss(message_id=item.pk, reason="again")


def _said_in_the_message():
    """An e-mail order: a catalog bouquet at a site price (24,000; the catalog says 25,000), two
    gold balloons the catalog does not know, a delivery fee: 25,500, paid by card."""
    day = (timezone.localdate() + timedelta(days=2)).isoformat()
    return normalized_order(
        channel="website", delivery_date=day, is_paid=True, payment_method="card",
        items=(Item(sku="FB-ROSE-25", name="25 red roses", quantity=1, unit_price="24000"),
               Item(sku="BAL-GOLD", name="Gold balloons", quantity=2, unit_price="500")),
        delivery_fee="500", total="25500")


def _as_the_person_saved_it(said, *, items):
    """What the review form hands over: the person's fields and lines, no prices, no fee, no
    total (the form never carried them)."""
    return dataclasses.replace(said, items=items, delivery_fee=None, discount=None, total=None,
                               is_paid=False, customer=Party(phone=said.customer.phone,
                                                             name="Ani P."))


def test_a_saved_review_item_equals_the_message_prices_fee_and_unknown_lines_kept(operator_user):
    BrandFactory()
    ProductFactory(sku="FB-ROSE-25", price=Decimal("25000"))
    said = _said_in_the_message()
    item = review_item(parsed=said.to_json())
    person = _as_the_person_saved_it(said, items=(Item(sku="FB-ROSE-25", quantity=1),
                                                  Item(sku="BAL-GOLD", quantity=2)))

    order = review.review_resolve(message_id=item.pk, normalized=person,
                                  actor=operator_user).order

    assert order.total == Decimal("25500") and order.is_paid and order.payment_method == "card"
    assert order.delivery_fee == Decimal("500") and order.subtotal == Decimal("25000")
    lines = {line.sku: (line.quantity, line.unit_price, line.product_id is not None)
             for line in order.lines.all()}
    assert lines == {"FB-ROSE-25": (1, Decimal("24000"), True),
                     "BAL-GOLD": (2, Decimal("500"), False)}
    assert order.customer.name == "Ani P."  # what the person corrected is taken
    assert not order.has_total_mismatch
    assert order.has_unknown_items and order.has_price_mismatch  # flagged, not corrected


def test_a_line_left_out_at_review_is_flagged_never_silently_repriced(operator_user):
    BrandFactory()
    ProductFactory(sku="FB-ROSE-25", price=Decimal("25000"))
    said = _said_in_the_message()
    item = review_item(parsed=said.to_json())
    person = _as_the_person_saved_it(said, items=(Item(sku="FB-ROSE-25", quantity=1),))

    order = review.review_resolve(message_id=item.pk, normalized=person,
                                  actor=operator_user).order

    assert order.total == Decimal("25500") and order.is_paid  # what the customer paid stands
    assert order.has_total_mismatch  # the lines now add up to 24,500: a person sees why
    assert order.lines.get().unit_price == Decimal("24000")


def test_a_price_the_person_typed_wins_over_the_message(operator_user):
    BrandFactory()
    ProductFactory(sku="FB-ROSE-25", price=Decimal("25000"))
    said = _said_in_the_message()
    item = review_item(parsed=said.to_json())
    person = _as_the_person_saved_it(said, items=(
        Item(sku="FB-ROSE-25", quantity=1, unit_price="25000"),
        Item(name="Gold balloons", quantity=2)))

    order = review.review_resolve(message_id=item.pk, normalized=person).order

    prices = sorted(order.lines.values_list("unit_price", flat=True))
    assert prices == [Decimal("500"), Decimal("25000")]
    assert order.has_total_mismatch and order.total == Decimal("25500")
