"""Couriers' runs: many orders to one courier (all or nothing), the board's groups and flags
with the clock frozen, a courier's stops in window order, and the courier link's token."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from delivery.exceptions import DeliveryError
from delivery.models import Assignment, DeliveryAttempt
from delivery.runs import courier_link_read, courier_link_token, couriers_assign
from delivery.selectors import board_groups, courier_stops
from delivery.services import courier_assign, delivery_dispatch, delivery_finish
from delivery.tests.factories import CourierFactory
from orders.models import PaymentMethod, Status
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db
YEREVAN = ZoneInfo("Asia/Yerevan")
DAY = timezone.localdate() + timedelta(days=16)


def at(hour, minute=0, day=DAY):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=YEREVAN)


def order(hour=None, status=Status.CONFIRMED, **fields):
    window = {"window_start": at(hour), "window_end": at(hour + 3)} if hour is not None else {}
    return OrderFactory(status=status, delivery_date=DAY, **window, **fields)


# --- assigning many at once ---

def test_many_orders_get_one_courier_at_once():
    courier = CourierFactory()
    orders = [order(10), order(13, status=Status.ASSEMBLING), order(16, status=Status.FAILED)]
    assignments = couriers_assign(order_ids=[o.pk for o in orders] * 2, courier_id=courier.pk)
    assert len(assignments) == 3
    assert set(Assignment.objects.values_list("order_id", "courier_id")) == {
        (o.pk, courier.pk) for o in orders}
    for o in orders:  # each went through courier_assign: a new version, an event
        o.refresh_from_db()
        assert o.version == 2
        assert o.events.filter(kind="courier_assigned").exists()


def test_reassigning_many_replaces_the_courier():
    first, second = CourierFactory(), CourierFactory()
    orders = [order(10), order(13)]
    couriers_assign(order_ids=[o.pk for o in orders], courier_id=first.pk)
    couriers_assign(order_ids=[o.pk for o in orders], courier_id=second.pk)
    assert set(Assignment.objects.values_list("courier_id", flat=True)) == {second.pk}


def test_one_order_that_cannot_change_refuses_them_all_and_names_it():
    courier, other = CourierFactory(), CourierFactory()
    ok = order(10)
    courier_assign(order_id=ok.pk, courier_id=other.pk)
    new, delivered = order(12, status=Status.NEW), order(13, status=Status.DELIVERED)
    with pytest.raises(DeliveryError) as refused:
        couriers_assign(order_ids=[ok.pk, new.pk, delivered.pk], courier_id=courier.pk)
    assert new.number in refused.value.message and delivered.number in refused.value.message
    assert ok.number not in refused.value.message
    # Nothing changed: the first order keeps its courier.
    assert Assignment.objects.get(order=ok).courier == other
    assert not Assignment.objects.filter(order__in=[new, delivered]).exists()


@pytest.mark.parametrize("ids", [[], [10**12]])
def test_no_orders_or_unknown_ones_are_refused(ids):
    with pytest.raises(DeliveryError):
        couriers_assign(order_ids=ids, courier_id=CourierFactory().pk)


def test_an_inactive_courier_is_refused():
    courier = CourierFactory(is_active=False)
    with pytest.raises(DeliveryError):
        couriers_assign(order_ids=[order(10).pk], courier_id=courier.pk)


def test_too_many_at_once_is_refused():
    with pytest.raises(DeliveryError):
        couriers_assign(order_ids=list(range(1, 400)), courier_id=CourierFactory().pk)


# --- the board ---

def _on_road(o, courier):
    courier_assign(order_id=o.pk, courier_id=courier.pk)
    return delivery_dispatch(order_id=o.pk)


def test_board_groups_unassigned_first_then_couriers_by_name_then_windows():
    zara, anna = CourierFactory(name="Zara"), CourierFactory(name="Anna")
    lone = order(16)
    a_late, a_early = order(13), order(10)
    z = order(10)
    for o in (a_late, a_early):
        courier_assign(order_id=o.pk, courier_id=anna.pk)
    courier_assign(order_id=z.pk, courier_id=zara.pk)
    order(10, status=Status.CANCELLED)  # not due: cancelled
    OrderFactory(delivery_date=DAY + timedelta(days=1))  # another day
    with time_machine.travel(at(8), tick=False):
        groups = board_groups(DAY)
    assert [g.courier for g in groups] == [None, anna, zara]
    assert [s.order for s in groups[0].stops] == [lone]
    assert [s.order for s in groups[1].stops] == [a_early, a_late]
    assert [(w.start, len(w.stops)) for w in groups[1].windows] == [(at(10), 1), (at(13), 1)]
    assert groups[0].stops[0].unassigned and not groups[1].stops[0].unassigned


def test_flags_with_the_clock_frozen():
    courier = CourierFactory()
    morning, afternoon, open_day = order(10), order(15), order(None)
    failed = order(10, status=Status.ASSEMBLING)
    done = order(10, status=Status.ASSEMBLING)
    with time_machine.travel(at(9), tick=False):
        attempt = _on_road(failed, courier)
        delivery_finish(attempt_id=attempt.pk, delivered=False,
                        failure_reason=DeliveryAttempt.FailureReason.REFUSED)
        delivery_finish(attempt_id=_on_road(done, courier).pk, delivered=True)
    with time_machine.travel(at(14), tick=False):  # the 10-13 window has passed
        stops = {s.order.pk: s for g in board_groups(DAY) for s in g.stops}
    assert stops[morning.pk].late and stops[morning.pk].unassigned
    assert not stops[afternoon.pk].late
    assert not stops[open_day.pk].late  # no window: late only once the day is over
    assert stops[failed.pk].failed and stops[failed.pk].late
    assert stops[failed.pk].failure_reason == DeliveryAttempt.FailureReason.REFUSED
    assert str(stops[failed.pk].failure_label) == "refused"
    assert stops[done.pk].delivered and not stops[done.pk].late and not stops[done.pk].failed
    with time_machine.travel(at(0, 30, DAY + timedelta(days=1)), tick=False):
        stops = {s.order.pk: s for g in board_groups(DAY) for s in g.stops}
    assert stops[open_day.pk].late and stops[afternoon.pk].late


def test_courier_stops_in_window_order_with_cash_to_collect():
    courier, other = CourierFactory(), CourierFactory()
    late = order(16, payment_method=PaymentMethod.CASH, total=Decimal("25000.00"))
    early = order(10, payment_method=PaymentMethod.CASH, is_paid=True)
    card = order(13, payment_method=PaymentMethod.CARD)
    theirs = order(9)
    for o in (late, early, card):
        courier_assign(order_id=o.pk, courier_id=courier.pk)
    courier_assign(order_id=theirs.pk, courier_id=other.pk)
    on_road = order(11, status=Status.ASSEMBLING)
    attempt = _on_road(on_road, courier)
    stops = courier_stops(courier.pk, DAY)
    assert [s.order for s in stops] == [early, on_road, card, late]
    assert [s.cash_to_collect for s in stops] == [None, None, None, Decimal("25000.00")]
    assert stops[1].attempt_id == attempt.pk and stops[0].attempt_id is None


# --- the courier's link ---

def test_a_token_carries_the_courier_and_the_day():
    token = courier_link_token(courier_id=7, day=DAY, language="ru")
    link = courier_link_read(token)
    assert (link.courier_id, link.day, link.language) == (7, DAY, "ru")
    assert courier_link_read(courier_link_token(courier_id=7, day=DAY)).language == "hy"


def test_a_token_expires_after_the_setting(settings):
    settings.COURIER_LINK_MAX_AGE_HOURS = 36
    with time_machine.travel(at(8), tick=False):
        token = courier_link_token(courier_id=7, day=DAY)
    with time_machine.travel(at(8) + timedelta(hours=35), tick=False):
        assert courier_link_read(token).courier_id == 7
    with time_machine.travel(at(8) + timedelta(hours=37), tick=False):
        with pytest.raises(signing.SignatureExpired):
            courier_link_read(token)


def test_a_token_lives_36_hours_by_default():
    """The default lifetime, pinned (the test above sets its own): the evening's link still
    opens the next day's run, and no longer the morning after."""
    with time_machine.travel(at(8), tick=False):
        token = courier_link_token(courier_id=7, day=DAY)
    with time_machine.travel(at(8) + timedelta(hours=35, minutes=59), tick=False):
        assert courier_link_read(token).courier_id == 7
    with time_machine.travel(at(8) + timedelta(hours=36, seconds=1), tick=False):
        with pytest.raises(signing.SignatureExpired):
            courier_link_read(token)


@pytest.mark.parametrize("tamper", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
    lambda t: "x" + t,
    lambda t: signing.dumps({"c": 7, "d": "2026-12-24"}, salt="other"),
    lambda t: signing.dumps({"c": "seven", "d": "yesterday"}, salt="courier"),
    lambda t: signing.dumps(["not", "a", "dict"], salt="courier"),
])
def test_a_tampered_token_is_refused(tamper):
    with pytest.raises(signing.BadSignature):
        courier_link_read(tamper(courier_link_token(courier_id=7, day=DAY)))
