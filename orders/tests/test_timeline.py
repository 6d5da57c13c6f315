"""Every timeline event reads as a sentence in the reader's language (issue 10, item 5)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from catalog.tests.factories import LocationFactory, ProductFactory, StockItemFactory
from orders import events
from orders.models import MessageKind, Status
from orders.normalized import Item
from orders.services import editing, intake, order_move
from orders.tests.factories import BrandFactory, normalized_order
from orders.timeline import event_sentence, event_sentences

pytestmark = pytest.mark.django_db

RAW = ("out_for_delivery", "in_progress", "awaiting_customer", "recipient_absent", "{", "}",
       "outcome:", "status:", "FB-ROSE-25", "'", "delivery_date", "window_start", "told",
       "upsell", "courier:", "None", "has_past_date")


@pytest.fixture
def lived_order():
    """An order with one event of every kind, written by the services that write them."""
    BrandFactory()
    rose = ProductFactory(sku="FB-ROSE-25", name_en="Red roses", name_ru="Красные розы",
                          name_hy="Կարմիր վարդեր", price=Decimal("25000"))
    StockItemFactory(product=rose, location=LocationFactory(name="Shop"), on_hand=10)
    balloon = ProductFactory(sku="BL-HEART-5", name_en="5 heart balloons", price=Decimal("5000"))
    StockItemFactory(product=balloon, location=LocationFactory(name="Shop"), on_hand=10)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    order = intake(normalized=normalized_order(
        delivery_date=yesterday, items=(Item(sku="FB-ROSE-25", quantity=2, unit_price="24000"),),
        total="48000"), source="orders-mailbox").order
    editing.order_confirm_call(order_id=order.pk, reached=True)
    editing.order_edit(order_id=order.pk, changes={
        "delivery_date": timezone.localdate() + timedelta(days=1),
        "recipient_address": "Yerevan, Abovyan 1"})
    editing.order_addon_add(order_id=order.pk, product_id=balloon.pk)
    line = order.lines.get(sku="FB-ROSE-25")
    editing.order_line_quantity(order_id=order.pk, line_id=line.pk, quantity=3)
    events.courier_assigned(order=order, courier="Vahe", previous="Aram")
    order.refresh_from_db()
    editing.order_handoff_assembly(order_id=order.pk, team="florist")
    order_move(order_id=order.pk, to=Status.OUT_FOR_DELIVERY)
    events.delivery_attempt(order=order, outcome="in_progress", detail="Vahe")
    events.delivery_attempt(order=order, outcome="failed", reason="recipient_absent",
                            detail="nobody home")
    events.message_sent(order=order, kind=MessageKind.CONFIRMATION, to="ani@example.am")
    events.stock_changed(order=order, reserved=False, lines={"FB-ROSE-25": 3})
    events.promo_applied(order=order, code="SPRING", discount="2500.00")
    events.lead_converted(order=order, lead_id=7)
    editing.order_attention_clear(order_id=order.pk)
    return order


@pytest.mark.parametrize("language", ["hy", "ru", "en"])
def test_no_event_shows_a_raw_code(lived_order, language):
    with translation.override(language):
        sentences = [sentence for _event, sentence in event_sentences(lived_order)]
    kinds = set(lived_order.events.values_list("kind", flat=True))
    assert kinds >= {"created", "status_changed", "edited", "stock_reserved", "stock_released",
                     "courier_assigned", "delivery_attempt", "message_sent", "promo_applied",
                     "lead_converted"}
    for sentence in sentences:
        assert sentence.strip()
        for code in RAW:
            assert code not in sentence, (code, sentence)


def test_sentences_use_labels_and_product_names():
    BrandFactory()
    ProductFactory(sku="FB-ROSE-25", name_en="Red roses", name_ru="Красные розы",
                   name_hy="Կարմիր վարդեր", price=Decimal("25000"))
    order = intake(normalized=normalized_order(
        delivery_date=(timezone.localdate() + timedelta(days=2)).isoformat()), source="t").order
    moved = events.status_changed(order=order, was=Status.ASSEMBLING)
    order.status = Status.OUT_FOR_DELIVERY
    moved = events.status_changed(order=order, was=Status.ASSEMBLING)
    reserved = events.stock_changed(order=order, reserved=True, lines={"FB-ROSE-25": 2})
    failed = events.delivery_attempt(order=order, outcome="failed", reason="recipient_absent")

    with translation.override("en"):
        assert event_sentence(moved) == "Status changed from “assembling” to “out for delivery”."
        assert event_sentence(reserved) == "Stock reserved: 2 × Red roses."
        assert event_sentence(failed) == "Delivery: failed. Reason: recipient not there."
    with translation.override("ru"):
        assert "2 × Красные розы" in event_sentence(reserved)
    with translation.override("hy"):
        assert "2 × Կարմիր վարդեր" in event_sentence(reserved)
