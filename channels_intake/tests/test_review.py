from decimal import Decimal

import pytest

from catalog.tests.factories import ProductFactory
from channels_intake import review
from channels_intake.models import InboundMessage, InboundState
from channels_intake.tests.factories import SourceFactory
from orders.exceptions import IntakeInvalid
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
    assert item.state == InboundState.IGNORED and item.reason == "spam (op)"


def test_an_item_handled_already_is_refused():
    item = review_item(state=InboundState.IGNORED)
    with pytest.raises(review.ReviewRefused):
        review.review_dismiss(message_id=item.pk, reason="again")
