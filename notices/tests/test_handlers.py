"""What each event says, and to whom (notices/handlers.py): written into the outbox in the
publisher's transaction, once per cause."""

import pytest
from django.db import transaction

from core import events
from core.models import OutboxMessage
from delivery.domain_events import ControlResolved, ParcelMoved, ParcelWaitingLong
from delivery.services import courier_assign
from delivery.tests.factories import CourierFactory
from notices.models import MessageKind
from orders.models import Status
from orders.services import order_confirm_call, order_edit, order_move
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def _rows(order, **filters):
    return list(OutboxMessage.objects.filter(about=f"order:{order.pk}", **filters).order_by("id"))


def test_a_move_that_rolls_back_leaves_no_notice():
    order = OrderFactory(customer__email="ani@example.am")
    with pytest.raises(RuntimeError), transaction.atomic():
        order_move(order_id=order.pk, to=Status.CONFIRMED)
        assert [row.kind for row in _rows(order)] == [MessageKind.CONFIRMATION]
        raise RuntimeError("the change fails after the move")
    assert _rows(order) == []


def test_the_operators_words_reach_the_customer_with_the_move():
    order = OrderFactory(customer__email="ani@example.am")
    order_move(order_id=order.pk, to=Status.CONFIRMED, customer_message="See you at 10.")
    [row] = _rows(order)
    assert "See you at 10." in row.payload["body"]


def test_not_reached_again_is_a_second_notice_of_its_own():
    order = OrderFactory(customer__email="ani@example.am")
    order_confirm_call(order_id=order.pk, reached=False)
    order_confirm_call(order_id=order.pk, reached=False, customer_message="Call us back.")
    rows = _rows(order)
    assert [row.kind for row in rows] == [MessageKind.NOT_REACHED] * 2
    assert rows[0].event != rows[1].event and "Call us back." in rows[1].payload["body"]


def test_a_change_tells_the_florist_the_courier_and_the_customer_under_one_key():
    order = OrderFactory(status=Status.ASSEMBLING, customer__email="ani@example.am",
                         brand__assembly_email="florist@example.am")
    courier_assign(order_id=order.pk, courier_id=CourierFactory(email="vahe@example.am").pk)
    order_edit(order_id=order.pk, changes={"recipient_name": "Mariam"})
    rows = _rows(order)
    assert [(row.kind, row.recipient) for row in rows] == [
        (MessageKind.ASSEMBLY_NOTICE, "florist@example.am"),
        (MessageKind.COURIER_NOTICE, "vahe@example.am"),
        (MessageKind.CHANGED, "ani@example.am")]
    assert len({row.event for row in rows}) == 1


def _moved(order, **values):
    return ParcelMoved(**{"order_id": order.pk, "parcel_event_id": 7, "tracking_number": "EE1AM",
                          "tracking_url": "https://track.example/EE1AM", "status": "At the post",
                          "location": "Yerevan 0010", "waiting": True, "delivered": False}
                       | values)


def test_a_parcel_status_is_told_once_and_its_reminder_once_more():
    order = OrderFactory(customer__email="ani@example.am", customer__language="en")
    events.publish(_moved(order))
    events.publish(_moved(order))
    waiting = ParcelWaitingLong(order_id=order.pk, parcel_event_id=7, tracking_number="EE1AM",
                                tracking_url="", status="At the post", location="")
    events.publish(waiting)
    events.publish(waiting)
    rows = _rows(order)
    assert [(row.kind, row.event) for row in rows] == [
        (MessageKind.PARCEL_WAITING, "parcel:7"), (MessageKind.PARCEL_WAITING, "parcel:7:reminder")]
    assert "At the post · Yerevan 0010" in rows[0].payload["body"]
    assert "https://track.example/EE1AM" in rows[0].payload["body"]


def test_a_delivered_parcel_status_says_nothing_of_its_own():
    order = OrderFactory(customer__email="ani@example.am")
    events.publish(_moved(order, waiting=False, delivered=True))
    assert _rows(order) == []


def test_a_resolved_control_item_tells_the_customer_the_operators_note_once():
    order = OrderFactory(customer__email="ani@example.am")
    resolved = ControlResolved(order_id=order.pk, item_id=3, resolution="sent_again",
                               contact="called_reached", note="It comes tomorrow at 11.")
    events.publish(resolved)
    events.publish(resolved)
    [row] = _rows(order)
    assert (row.kind, row.event) == (MessageKind.CONTROL_RESOLVED, "control:3")
    assert "It comes tomorrow at 11." in row.payload["body"]
