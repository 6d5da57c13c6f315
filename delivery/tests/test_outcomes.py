"""Outcomes and what follows them: delivered (when, to whom), failed (why), sent again,
delivered after all, and the tracking number a parcel cannot leave without."""

from datetime import timedelta

import pytest
from django.utils import timezone

from delivery.domain_events import ParcelHanded
from delivery.models import Assignment, Courier, DeliveryAttempt
from delivery.services import (
    DeliveryError,
    courier_assign,
    delivery_dispatch,
    delivery_finish,
    delivery_report_late,
    delivery_resend,
)
from delivery.tests.factories import CourierFactory
from orders.models import Status
from orders.tests.factories import OrderFactory
from orders.timeline import event_sentence
from tests.events import heard

pytestmark = pytest.mark.django_db
Reason = DeliveryAttempt.FailureReason


def on_the_road(courier=None, **order_fields):
    order = OrderFactory(status=Status.ASSEMBLING, **order_fields)
    courier_assign(order_id=order.pk, courier_id=(courier or CourierFactory()).pk)
    attempt = delivery_dispatch(order_id=order.pk, tracking_number="T-1")
    # The courier left an hour ago.
    DeliveryAttempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(hours=1))
    attempt.refresh_from_db()
    return order, attempt


def failed(**order_fields):
    order, attempt = on_the_road(**order_fields)
    delivery_finish(attempt_id=attempt.pk, delivered=False, failure_reason=Reason.RECIPIENT_ABSENT,
                    note="nobody home")
    return order, attempt


def test_delivered_records_when_and_to_whom():
    order, attempt = on_the_road()
    when = timezone.now() - timedelta(minutes=5)
    delivery_finish(attempt_id=attempt.pk, delivered=True, delivered_at=when,
                    received_by=" the neighbour, Anna ")
    attempt.refresh_from_db()
    assert (attempt.finished_at, attempt.received_by) == (when, "the neighbour, Anna")
    assert event_sentence(order.events.last()) == ("Delivery: delivered. "
                                                   "received by the neighbour, Anna")


@pytest.mark.parametrize("shift", [timedelta(hours=1), -timedelta(days=2)])
def test_delivered_is_never_in_the_future_nor_before_the_courier_left(shift):
    order, attempt = on_the_road()
    with pytest.raises(DeliveryError):
        delivery_finish(attempt_id=attempt.pk, delivered=True,
                        delivered_at=timezone.now() + shift)
    order.refresh_from_db()
    assert order.status == Status.OUT_FOR_DELIVERY


def test_other_as_a_reason_needs_a_note():
    _order, attempt = on_the_road()
    with pytest.raises(DeliveryError):
        delivery_finish(attempt_id=attempt.pk, delivered=False, failure_reason=Reason.OTHER)
    delivery_finish(attempt_id=attempt.pk, delivered=False, failure_reason=Reason.OTHER,
                    note="gate locked, guard away")
    attempt.refresh_from_db()
    assert (attempt.status, attempt.note) == (DeliveryAttempt.Status.FAILED,
                                             "gate locked, guard away")


def test_a_failed_order_is_sent_again_another_day_with_another_courier():
    order, _attempt = failed()
    other = CourierFactory(name="Samvel")
    tomorrow = timezone.localdate() + timedelta(days=1)
    delivery_resend(order_id=order.pk, courier_id=other.pk, delivery_date=tomorrow,
                    note="customer asked for the afternoon")
    order.refresh_from_db()
    assert (order.status, order.delivery_date) == (Status.ASSEMBLING, tomorrow)
    assert Assignment.objects.get(order=order).courier == other
    second = delivery_dispatch(order_id=order.pk)
    assert second.courier == other
    assert order.attempts.count() == 2


def test_only_a_failed_order_is_sent_again():
    order, _attempt = on_the_road()
    with pytest.raises(DeliveryError):
        delivery_resend(order_id=order.pk, courier_id=CourierFactory().pk,
                        delivery_date=timezone.localdate())


def test_a_late_report_finishes_the_attempt_on_the_road():
    order, attempt = on_the_road()
    when = timezone.now() - timedelta(minutes=1)
    delivery_report_late(order_id=order.pk, delivered_at=when, received_by="doorman")
    attempt.refresh_from_db()
    order.refresh_from_db()
    assert order.status == Status.DELIVERED
    assert (attempt.status, attempt.finished_at) == (DeliveryAttempt.Status.DELIVERED, when)


def test_a_late_report_after_a_failure_records_a_delivered_attempt():
    order, first = failed()
    delivery_report_late(order_id=order.pk, delivered_at=timezone.now(),
                         note="the recipient's sister took it in the evening")
    order.refresh_from_db()
    assert order.status == Status.DELIVERED
    statuses = list(order.attempts.order_by("id").values_list("status", flat=True))
    assert statuses == [DeliveryAttempt.Status.FAILED, DeliveryAttempt.Status.DELIVERED]
    assert order.attempts.last().courier == first.courier


def test_a_delivered_order_has_nothing_to_report():
    order, attempt = on_the_road()
    delivery_finish(attempt_id=attempt.pk, delivered=True)
    with pytest.raises(DeliveryError):
        delivery_report_late(order_id=order.pk, delivered_at=timezone.now())


@pytest.mark.parametrize("kind", [Courier.Kind.POST, Courier.Kind.THIRD_PARTY])
def test_a_parcel_needs_its_tracking_number_and_is_announced(kind, django_capture_on_commit_callbacks):
    order = OrderFactory(status=Status.ASSEMBLING)
    courier = CourierFactory(kind=kind, company="HayPost")
    courier_assign(order_id=order.pk, courier_id=courier.pk)
    with pytest.raises(DeliveryError):
        delivery_dispatch(order_id=order.pk, tracking_number="  ")

    with heard(ParcelHanded, in_transaction=False) as got, \
            django_capture_on_commit_callbacks(execute=True):
        delivery_dispatch(order_id=order.pk, tracking_number="RR123456789AM")
    assert got and got[-1].tracking_number == "RR123456789AM"
    assert got[-1].carrier == "HayPost"
