import pytest

from delivery.exceptions import DeliveryError
from delivery.models import Assignment, DeliveryAttempt
from delivery.services import courier_assign, delivery_dispatch, delivery_finish
from delivery.tests.factories import CourierFactory
from orders.models import Status
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_an_order_goes_out_with_its_courier_and_comes_back_delivered():
    order = OrderFactory(status=Status.ASSEMBLING)
    courier = CourierFactory(name="Vahe")

    courier_assign(order_id=order.pk, courier_id=courier.pk)
    attempt = delivery_dispatch(order_id=order.pk, tracking_number=" T-1 ")
    delivery_finish(attempt_id=attempt.pk, delivered=True)

    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.status == Status.DELIVERED
    assert (attempt.status, attempt.tracking_number) == (DeliveryAttempt.Status.DELIVERED, "T-1")
    assert attempt.finished_at is not None
    kinds = list(order.events.values_list("kind", flat=True))
    assert kinds == ["courier_assigned", "status_changed", "delivery_attempt", "status_changed",
                     "delivery_attempt"]


def test_a_failed_attempt_needs_a_reason_and_can_be_retried():
    order = OrderFactory(status=Status.ASSEMBLING)
    courier_assign(order_id=order.pk, courier_id=CourierFactory().pk)
    attempt = delivery_dispatch(order_id=order.pk)

    with pytest.raises(DeliveryError):
        delivery_finish(attempt_id=attempt.pk, delivered=False)
    delivery_finish(attempt_id=attempt.pk, delivered=False,
                    failure_reason=DeliveryAttempt.FailureReason.RECIPIENT_ABSENT)
    assert Status.FAILED == type(order).objects.get(pk=order.pk).status

    second = delivery_dispatch(order_id=order.pk)
    assert second.pk != attempt.pk
    assert DeliveryAttempt.objects.filter(order=order).count() == 2


def test_dispatch_without_a_courier_is_refused():
    order = OrderFactory(status=Status.ASSEMBLING)
    with pytest.raises(DeliveryError):
        delivery_dispatch(order_id=order.pk)
    order.refresh_from_db()
    assert order.status == Status.ASSEMBLING


def test_reassigning_replaces_the_courier_and_says_who_had_it():
    order = OrderFactory(status=Status.CONFIRMED)
    first, second = CourierFactory(name="Vahe"), CourierFactory(name="Samvel")
    courier_assign(order_id=order.pk, courier_id=first.pk)
    courier_assign(order_id=order.pk, courier_id=second.pk)
    assert Assignment.objects.get(order=order).courier == second
    event = order.events.filter(kind="courier_assigned").last()
    assert "Vahe" in event.before["courier"] and "Samvel" in event.after["courier"]


def test_a_finished_attempt_cannot_finish_again():
    order = OrderFactory(status=Status.ASSEMBLING)
    courier_assign(order_id=order.pk, courier_id=CourierFactory().pk)
    attempt = delivery_dispatch(order_id=order.pk)
    delivery_finish(attempt_id=attempt.pk, delivered=True)
    with pytest.raises(DeliveryError):
        delivery_finish(attempt_id=attempt.pk, delivered=True)


def test_the_courier_of_a_delivered_order_cannot_change():
    order = OrderFactory(status=Status.DELIVERED)
    with pytest.raises(DeliveryError):
        courier_assign(order_id=order.pk, courier_id=CourierFactory().pk)
