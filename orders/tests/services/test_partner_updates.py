"""A partner's later word on an order already taken: applied in place, or sent to a person."""

from datetime import time, timedelta

import pytest
from django.utils import timezone, translation

from channels_intake.tests.factories import PartnerFactory
from orders.exceptions import PartnerChangeRefused
from orders.models import Order, OrderEvent, Status
from orders.services.partner_updates import (
    PartnerChange,
    partner_order_cancel,
    partner_order_change,
)
from orders.tests.factories import OrderFactory
from orders.timeline import event_sentence

# The partner's delivery day, built from today: the day after it and the one after that.
DAY = timezone.localdate() + timedelta(days=16)
NEXT_DAY, DAY_AFTER = DAY + timedelta(days=1), DAY + timedelta(days=2)


@pytest.fixture
def order(db):
    partner = PartnerFactory(code="flowwow")
    return OrderFactory(partner=partner, brand=partner.brand, channel="partner_app",
                        partner_order_id="FW-1", delivery_date=DAY)


def test_new_date_and_window_update_the_order_with_an_event(order):
    change = partner_order_change(order_id=order.pk, system="feed:x",
                                  delivery_date=NEXT_DAY, window=(time(12), time(15)))
    assert change.outcome == PartnerChange.UPDATED
    order.refresh_from_db()
    assert order.delivery_date == NEXT_DAY and order.version == 2
    event = OrderEvent.objects.get(order=order, kind="edited")
    assert event.before == {"delivery_date": DAY.isoformat(), "window": ""}
    assert event.after == {"delivery_date": NEXT_DAY.isoformat(), "window": "12:00-15:00"}
    assert Order.objects.count() == 1


def test_the_same_version_again_changes_nothing(order):
    change = partner_order_change(order_id=order.pk, system="feed:x",
                                  delivery_date=DAY)
    assert change.outcome == PartnerChange.UNCHANGED
    assert not OrderEvent.objects.filter(order=order).exists()


def test_cancel_by_the_partner(order):
    change = partner_order_change(order_id=order.pk, system="feed:x", is_cancelled=True)
    assert change.outcome == PartnerChange.UPDATED
    order.refresh_from_db()
    assert order.status == Status.CANCELLED


@pytest.mark.parametrize("status", [Status.OUT_FOR_DELIVERY, Status.DELIVERED, Status.FAILED])
def test_a_change_after_out_for_delivery_goes_to_a_person(order, status):
    Order.objects.filter(pk=order.pk).update(status=status)
    change = partner_order_change(order_id=order.pk, system="feed:x", is_cancelled=True,
                                  delivery_date=DAY_AFTER)
    assert change.outcome == PartnerChange.REVIEW and "cancel it" in change.reason
    order.refresh_from_db()
    assert order.status == status and order.delivery_date == DAY
    note = OrderEvent.objects.get(order=order, kind="note")
    assert event_sentence(note).startswith("Needs a person")
    with translation.override("en"):  # said in the reader's language, not the feed's
        assert event_sentence(note) == (
            f"Needs a person: The partner asked to cancel it, delivery date {DAY_AFTER:%d.%m.%Y} after the "
            f"order was {Status(status).label}.")
    with translation.override("ru"):
        assert "cancel it" not in event_sentence(note)
    assert "cancel it" in order.attention  # shown on the order and in the "needs a person" filter
    with pytest.raises(PartnerChangeRefused):
        partner_order_cancel(order_id=order.pk, system="partner:x")


def test_a_late_older_version_never_revives_a_cancelled_order(order):
    partner_order_change(order_id=order.pk, system="feed:x", is_cancelled=True)
    late = partner_order_change(order_id=order.pk, system="feed:x", is_cancelled=False,
                                delivery_date=DAY)
    assert late.outcome == PartnerChange.UNCHANGED
    order.refresh_from_db()
    assert order.status == Status.CANCELLED
