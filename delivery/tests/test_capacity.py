"""The capacity ledger (issue 20): zones from addresses, a date's own windows, what each
channel does when a window is full, giving places back, and holds."""

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.tests.factories import ProductFactory, StockItemFactory
from delivery.capacity import services as ledger
from delivery.capacity.selectors import window_rule
from delivery.capacity.zones import zone_for
from delivery.models import Booking, DateCapacity, Hold, WindowCapacity, Zone
from orders import capacity
from orders import services as order_services
from orders.exceptions import WindowFull
from orders.models import Customer, Order, OrderEvent
from orders.selectors import needs_person_reasons
from orders.services import order_cancel, order_edit, order_move
from orders.tests.factories import BrandFactory

from .capacity_data import ADDRESS, day_after_tomorrow, email_order, limited_zone

pytestmark = pytest.mark.django_db

REFUSE = capacity.Ask(capacity.REFUSE)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    BrandFactory(code="flowers")
    StockItemFactory(product=ProductFactory(sku="FB-ROSE-25", price=Decimal("25000")),
                     on_hand=10)


@pytest.mark.parametrize(("address", "zone"), [
    ("Yerevan, Nor Nork 3rd block, 12", "nor-nork"),   # longer than any name it contains
    ("Ереван, Нор-Норк, 5", "nor-nork"),
    ("Yerevan, nork-marash, Armenakyan 1", "nork-marash"),
    ("Երևան, Արաբկիր, Կոմիտաս 5", "arabkir"),
    ("Gyumri, Rustaveli 4", "shirak"),
    ("Yerevan, Tumanyan 8", "yerevan"),                # no district named: the default zone
    ("Yerevan, Avanesov 3", "yerevan"),                # "Avan" only as a whole word
])
def test_the_zone_is_the_district_or_region_the_address_names(address, zone):
    assert zone_for(address).code == zone


def test_a_dates_own_windows_replace_its_weekdays():
    day = day_after_tomorrow()
    zone = Zone.objects.get(code="kentron")
    WindowCapacity.objects.create(zone=zone, weekday=day.weekday(), starts=time(10),
                                  ends=time(13), places=5)
    DateCapacity.objects.create(zone=zone, day=day, starts=time(9), ends=time(21), places=40)
    eleven = timezone.make_aware(timezone.datetime.combine(day, time(11)))

    assert window_rule(zone, day, eleven).places == 40
    assert window_rule(zone, day + timedelta(days=7), eleven + timedelta(days=7)).places == 5
    assert window_rule(zone, day + timedelta(days=7), eleven.replace(hour=14)) is None  # unlimited


def test_an_email_order_for_a_full_window_is_kept_marked_with_the_next_free_windows():
    limited_zone(1, later=2)
    first = order_services.intake(normalized=email_order(1), source="mailbox").order
    second = order_services.intake(normalized=email_order(2), source="mailbox").order

    assert not first.over_capacity and second.over_capacity
    assert Booking.objects.get(order=second).over_capacity
    assert "already full" in " ".join(str(reason) for reason in needs_person_reasons(second))
    created = OrderEvent.objects.get(order=second, kind=OrderEvent.Kind.CREATED)
    assert "14:00-18:00" in str(created.said)


def test_a_refusing_channel_gets_full_and_nothing_is_written():
    limited_zone(1, later=2)
    order_services.intake(normalized=email_order(1), source="mailbox")
    customers = Customer.objects.count()

    result = order_services.intake(normalized=email_order(2, customer=email_order(9).customer), source="api",
                    ask=REFUSE)

    assert result.outcome == "full" and result.order is None
    assert [str(window)[-11:] for window in result.place.next_free] == ["14:00-18:00"]
    assert Order.objects.count() == 1 and Customer.objects.count() == customers


@pytest.mark.parametrize("to", ["cancelled", "failed"])
def test_cancelling_or_failing_gives_the_place_back(to, operator_user):
    limited_zone(1)
    order = order_services.intake(normalized=email_order(1), source="mailbox").order
    if to == "cancelled":
        order_cancel(order_id=order.pk, reason="changed their mind")
    else:
        for step in ("confirmed", "assembling", "out_for_delivery", "failed"):
            order_move(order_id=order.pk, to=step)

    assert not Booking.objects.filter(order=order).exists()
    assert order_services.intake(normalized=email_order(2), source="api", ask=REFUSE).outcome == "order"


def test_sending_a_failed_order_again_takes_a_place_again_marked_when_full():
    limited_zone(1)
    order = order_services.intake(normalized=email_order(1), source="mailbox").order
    for step in ("confirmed", "assembling", "out_for_delivery", "failed"):
        order_move(order_id=order.pk, to=step)
    order_services.intake(normalized=email_order(2), source="api", ask=REFUSE)  # the freed place goes

    order_move(order_id=order.pk, to="assembling")

    order.refresh_from_db()
    assert order.over_capacity and Booking.objects.get(order=order).over_capacity


def test_an_edit_into_a_full_window_is_refused_and_into_a_free_one_moves_the_place(
        operator_user):
    limited_zone(1, later=1)
    taken = order_services.intake(normalized=email_order(1), source="mailbox").order
    moving = order_services.intake(normalized=email_order(2, window="14:00-17:00"), source="mailbox").order
    full_start = taken.window_start

    with pytest.raises(WindowFull):
        order_edit(order_id=moving.pk, actor=operator_user, changes={
            "window_start": full_start, "window_end": taken.window_end})
    order_edit(order_id=taken.pk, actor=operator_user, changes={
        "recipient_address": "Yerevan, Tumanyan 8"})  # another zone: not limited

    order_edit(order_id=moving.pk, actor=operator_user, changes={
        "window_start": full_start, "window_end": taken.window_end})
    assert Booking.objects.get(order=moving).slot.starts == time(10)
    assert Booking.objects.filter(slot__isnull=False).count() == 1  # the moved one only


def test_only_a_managers_reason_takes_a_full_window(operator_user, manager_user):
    limited_zone(1)
    order_services.intake(normalized=email_order(1), source="mailbox")

    refused = order_services.intake(normalized=email_order(2), source="desk", ask=capacity.Ask(
        capacity.REFUSE, override="the director's mother", actor=operator_user))
    taken = order_services.intake(normalized=email_order(3), source="desk", ask=capacity.Ask(
        capacity.REFUSE, override="the director's mother", actor=manager_user))

    assert refused.outcome == "full" and taken.outcome == "order"
    booking = Booking.objects.get(order=taken.order)
    assert booking.override_reason == "the director's mother"
    assert booking.overridden_by == manager_user and not taken.order.over_capacity


def _hold(user):
    day = day_after_tomorrow()
    start = timezone.make_aware(timezone.datetime.combine(day, time(10)))
    return ledger.hold_take(user=user, address=ADDRESS, day=day, window_start=start,
                            window_end=start + timedelta(hours=3))


def test_a_hold_keeps_the_place_for_its_operator_until_it_expires(
        operator_user, manager_user, time_machine, settings):
    limited_zone(1)
    assert _hold(operator_user).left == 1
    assert _hold(manager_user).full  # the operator holds the only place
    assert order_services.intake(normalized=email_order(1), source="api", ask=REFUSE).outcome == "full"

    time_machine.shift(timedelta(minutes=settings.HOLD_MINUTES, seconds=1))
    assert not _hold(manager_user).full  # the operator's hold expired: it blocks nothing


def test_a_hold_becomes_the_operators_order(operator_user, manager_user):
    limited_zone(1)
    _hold(operator_user)

    result = order_services.intake(normalized=email_order(1), source="desk",
                    ask=capacity.Ask(capacity.REFUSE, actor=operator_user))

    assert result.outcome == "order" and not Hold.objects.exists()
    assert _hold(manager_user).full


def test_a_released_hold_frees_the_place(operator_user):
    limited_zone(1)
    _hold(operator_user)
    ledger.hold_release(user=operator_user)
    assert order_services.intake(normalized=email_order(1), source="api", ask=REFUSE).outcome == "order"


def test_a_day_nobody_limits_costs_the_intake_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        place = capacity.reserve(address=ADDRESS, day=day_after_tomorrow(),
                                 window_start=timezone.now(), window_end=None)
    assert place.slot_id is None and not place.full


def test_an_order_after_its_windows_cutoff_goes_to_a_person_from_every_channel(time_machine):
    day = day_after_tomorrow()
    limited_zone(5, day=day, later=5)
    DateCapacity.objects.update(cutoff_minutes=120)  # 10:00 closes at 08:00, 14:00 at 12:00
    at = timezone.make_aware(timezone.datetime.combine(day, time(7, 59)))
    time_machine.move_to(at, tick=False)
    on_time = order_services.intake(normalized=email_order(1, delivery_date=day.isoformat()),
                                    source="mailbox").order

    time_machine.move_to(at + timedelta(minutes=1), tick=False)
    late_mail = order_services.intake(normalized=email_order(2, delivery_date=day.isoformat()),
                                      source="mailbox").order
    late_api = order_services.intake(normalized=email_order(3, delivery_date=day.isoformat()),
                                     source="api", ask=REFUSE)

    assert not on_time.past_cutoff
    assert late_mail.past_cutoff and late_api.outcome == "order" and late_api.order.past_cutoff
    assert "closed for new orders" in " ".join(
        str(reason) for reason in needs_person_reasons(late_mail))


def test_the_next_free_windows_leave_out_closed_ones(time_machine):
    day = day_after_tomorrow()
    limited_zone(1, day=day, later=5)
    DateCapacity.objects.filter(starts=time(14)).update(cutoff_minutes=24 * 60)
    order_services.intake(normalized=email_order(1), source="mailbox")
    # The day before at 15:00: the 14:00 window closed an hour ago (a day before it starts).
    time_machine.move_to(timezone.make_aware(timezone.datetime.combine(day, time(15))) -
                         timedelta(days=1), tick=False)

    full = order_services.intake(normalized=email_order(2, delivery_date=day.isoformat()),
                                 source="api", ask=REFUSE)

    assert full.outcome == "full" and full.place.next_free == ()
