"""The dashboard's figures against figures computed by hand on a small fixture, and the rollup
kept by the services against one recomputed from the orders (never drifting)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from delivery import figures, rollup
from delivery.models import DeliveryAttempt, DeliveryDay
from delivery.services import courier_assign, delivery_dispatch, delivery_finish, delivery_resend
from delivery.tests.dashboard_data import D, at, build, order
from delivery.tests.factories import CourierFactory
from orders.models import Channel, PaymentMethod, Status
from orders.tests.factories import BrandFactory, OrderFactory

pytestmark = pytest.mark.django_db
Reason = DeliveryAttempt.FailureReason


@pytest.fixture
def fixture(db):
    return build()
def test_delivery_figures_equal_the_hand_count(fixture):
    result = figures.dashboard_figures(start=D, end=D + timedelta(days=1))
    assert result.delivery == {"due": 7, "on_time": 3, "late": 2, "still_open": 2,
                               "failed_orders": 2, "failures": 2,
                               "on_time_rate": Decimal("42.9")}
    failures = {reason: n for reason, _label, n in result.failures}
    assert failures == {Reason.RECIPIENT_ABSENT: 1, Reason.WRONG_ADDRESS: 1, Reason.REFUSED: 0,
                        Reason.UNREACHABLE: 0, Reason.DAMAGED: 0, Reason.OTHER: 0}
    assert [(row["day"], row["due"], row["on_time"], row["rate"]) for row in result.days] == [
        (D, 6, 2, Decimal("33.3")), (D + timedelta(days=1), 1, 1, Decimal("100.0"))]


def test_delivered_within_a_new_window_after_a_failure_is_late(db):
    """The first promise was missed: planned again and delivered within the new window, the
    order still counts as late (and its failure on the courier that failed)."""
    from delivery.tests.dashboard_data import attempt

    vahe = CourierFactory(name="Vahe")
    placed = order(courier=vahe)
    attempt(placed, vahe, failed=Reason.RECIPIENT_ABSENT, delivered_at=at(D, 11))
    attempt(placed, vahe, delivered_at=at(D, 15))  # within 13-16
    rollup.rollup_rebuild()
    result = figures.dashboard_figures(start=D, end=D)
    assert (result.delivery["on_time"], result.delivery["late"], result.delivery["failures"]) == (
        0, 1, 1)


def test_a_day_without_orders_is_in_the_chart_with_no_rate(fixture):
    result = figures.dashboard_figures(start=D - timedelta(days=1), end=D)
    assert [(row["due"], row["rate"]) for row in result.days] == [(0, None), (6, Decimal("33.3"))]


def test_courier_figures_equal_the_hand_count(fixture):
    rows = {row["name"] or None: row for row in
            figures.dashboard_figures(start=D, end=D + timedelta(days=1)).couriers}
    assert {name: (row["due"], row["deliveries"], row["on_time"], row["on_time_rate"],
                   row["failures"], row["cash_collected"]) for name, row in rows.items()} == {
        "Vahe": (3, 3, 2, Decimal("66.7"), 1, Decimal("20000.00")),
        "Gor": (3, 2, 1, Decimal("33.3"), 1, Decimal("15000.00")),
        None: (1, 0, 0, Decimal("0.0"), 0, Decimal("0.00")),
    }


def test_channel_and_brand_figures_equal_the_hand_count(fixture):
    result = figures.dashboard_figures(start=D, end=D + timedelta(days=1))
    channels = {row["channel"]: (row["orders"], row["revenue"], row["aov"], row["upsell_share"],
                                 row["conversion"]) for row in result.channels}
    assert channels == {
        Channel.PHONE_1: (3, Decimal("45000.00"), Decimal("15000.00"), Decimal("33.3"), None),
        Channel.WEBSITE: (3, Decimal("30000.00"), Decimal("10000.00"), None, None),
        Channel.PREORDER: (1, Decimal("10000.00"), Decimal("10000.00"), None, Decimal("33.3")),
    }
    [brand] = result.brands
    assert (brand["orders"], brand["revenue"], brand["leads"], brand["converted"],
            brand["conversion"]) == (7, Decimal("85000.00"), 3, 1, Decimal("33.3"))


def test_confirmation_median_and_p90(fixture):
    result = figures.dashboard_figures(start=D, end=D)
    assert result.confirmation == {"orders": 3, "median": 10, "p90": 105}


def test_filters_by_brand_and_channel(fixture):
    other = BrandFactory(code="gifts")
    order(brand=other, courier=fixture["v"])
    rollup.rollup_rebuild()
    assert figures.dashboard_figures(start=D, end=D, brand_id=other.pk).delivery["due"] == 1
    assert figures.dashboard_figures(start=D, end=D, brand_id=fixture["brand"].pk
                                     ).delivery["due"] == 6
    website = figures.dashboard_figures(start=D, end=D, channel=Channel.WEBSITE)
    assert (website.delivery["due"], website.delivery["late"]) == (3, 1)
    assert website.brands[0]["leads"] == 0  # pre-orders come through their own channel only


def test_percentile_is_nearest_rank():
    assert figures.percentile([], 50) is None
    assert figures.percentile([(5, 1)], 90) == 5
    assert figures.percentile([(1, 5), (2, 5)], 50) == 1
    assert figures.percentile([(1, 5), (2, 5)], 90) == 2


def test_the_rollup_kept_by_the_services_equals_a_fresh_one(django_capture_on_commit_callbacks):
    """Orders driven through the services (events refresh their days after commit) leave the
    same rollup as recomputing everything from the orders."""
    today = timezone.localdate()
    with time_machine.travel(at(today, 9), tick=False):
        v, g = CourierFactory(), CourierFactory()
        made = [OrderFactory(status=Status.ASSEMBLING, delivery_date=today,
                             payment_method=PaymentMethod.CASH) for _ in range(4)]
        with django_capture_on_commit_callbacks(execute=True):
            for item in made:
                courier_assign(order_id=item.pk, courier_id=v.pk)
            attempts = [delivery_dispatch(order_id=item.pk) for item in made]
    with time_machine.travel(at(today, 14), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            delivery_finish(attempt_id=attempts[0].pk, delivered=True)
            delivery_finish(attempt_id=attempts[1].pk, delivered=False,
                            failure_reason=Reason.REFUSED)
            delivery_finish(attempt_id=attempts[2].pk, delivered=False,
                            failure_reason=Reason.UNREACHABLE)
            delivery_resend(order_id=made[2].pk, courier_id=g.pk,
                            delivery_date=today + timedelta(days=1))
    kept = rollup.recompute_rows(start=today, end=today + timedelta(days=1))
    assert kept["days"], "the events kept the rollup"
    assert sum(row["failed_unreachable"] for key, row in kept["days"].items()
               if key[:3] == (0, False, today + timedelta(days=1))) == 1  # moved with it
    assert rollup.rollup_drift(start=today, end=today + timedelta(days=1)) == {}
    rollup.rollup_rebuild()
    assert rollup.recompute_rows(start=today, end=today + timedelta(days=1)) == kept


def test_drift_is_found_and_the_command_repairs_it(fixture):
    DeliveryDay.objects.filter(day=D).update(on_time=0)
    assert rollup.rollup_drift(start=D, end=D)
    with pytest.raises(Exception, match="drifted"):
        call_command("rollup_rebuild", "--check", "--from", D.isoformat(), "--to", D.isoformat())
    call_command("rollup_rebuild")
    assert rollup.rollup_drift(start=D, end=D + timedelta(days=1)) == {}


def test_the_python_rollup_equals_the_sql_one(fixture):
    """The same rules written twice (SQL for PostgreSQL, Python for SQLite) give the same rows."""
    start, end = D - timedelta(days=1), D + timedelta(days=1)
    sql = rollup.recompute_rows(start=start, end=end)
    rollup._refresh_python(start=start, end=end)
    python = rollup.recompute_rows(start=start, end=end)
    assert python == sql and sql["days"] and sql["histogram"]


def test_whole_months_are_read_from_month_rows_with_the_same_result(fixture):
    """The last week of the month before D's .. the 3rd of the month after it (October 25 ..
    December 3 for a D in November) reads D's month from its month rows and the edges from
    days; the figures are those of the days alone."""
    month = D.replace(day=1)  # "November": the fixture's orders are all in it
    before = month - timedelta(days=1)  # the last day of "October"
    after = (month + timedelta(days=31)).replace(day=1)  # the first of "December"
    month_last = after - timedelta(days=1)  # the last day of "November"
    order(courier=fixture["v"], day=month_last, window=False)
    order(courier=fixture["g"], day=before - timedelta(days=3), status=Status.FAILED)
    order(day=after + timedelta(days=1), status=Status.OUT_FOR_DELIVERY)
    rollup.rollup_rebuild()
    assert DeliveryDay.objects.filter(month=True, day=month).exists()
    start, end = before - timedelta(days=6), after + timedelta(days=2)
    assert figures._full_months(start, end) == (month, after)
    mixed = figures.dashboard_figures(start=start, end=end)
    days_only = {name: figures.dashboard_figures(start=first, end=last)
                 for name, (first, last) in {"oct": (start, before),
                                             "nov": (month, month_last),
                                             "dec": (after, end)}.items()}
    assert mixed.delivery["due"] == sum(f.delivery["due"] for f in days_only.values()) == 10
    assert mixed.delivery["on_time"] == 4 and mixed.delivery["still_open"] == 4
    assert sum(row["due"] for row in mixed.days) == 10
    assert len(mixed.days) == 7 + month_last.day + 3  # every day of the range, one row each
    assert {row["name"]: row["due"] for row in mixed.couriers} == {"Vahe": 4, "Gor": 4, "": 2}
    assert mixed.confirmation == {"orders": 3, "median": 10, "p90": 105}
    assert figures._full_months(month + timedelta(days=1), month_last) == (
        after, after)  # no whole month: days only
    assert figures._full_months(date(D.year, 1, 1), date(D.year, 12, 31)) == (
        date(D.year, 1, 1), date(D.year + 1, 1, 1))


def test_a_wait_past_a_week_is_counted_in_whole_days_by_sql_and_python(db, settings):
    """Issue 17: no open-ended bucket; the SQL rollup and the Python one (SQLite) agree."""
    from django.utils import timezone

    from delivery.models import ConfirmationDay
    from delivery.tests.dashboard_data import confirmed_after

    assert [rollup.bucket_of(m) for m in (10080, 10081, 11520, 11521, 43205)] == [
        10080, 11520, 11520, 12960, 44640]
    day = timezone.localdate() - timedelta(days=2)
    for minutes in (5, 10081, 43205):
        confirmed_after(order(day=day, status=Status.CONFIRMED), minutes)
    rollup.rollup_refresh(start=day, end=day)
    in_sql = sorted(ConfirmationDay.objects.filter(level=0, month=False)
                    .values_list("minutes", "orders"))
    rollup._refresh_python(start=day, end=day)
    in_python = sorted(ConfirmationDay.objects.filter(level=0, month=False)
                       .values_list("minutes", "orders"))
    assert in_sql == in_python == [(5, 1), (11520, 1), (44640, 1)]


def test_conversion_per_channel_and_brand_is_counted_from_the_leads_own_channel(db):
    """Issue 17: conversion read "—" on every channel, as it was shown for a "pre-order"
    channel row only, and a pre-order completed in quick entry became a phone line 1 order.
    By hand, leads created on the day: flowers: site pre-orders 3 (2 completed, one of them
    keyed on phone line 1), Viber 1 (completed, on phone line 1); gifts: phone line 2 1 (not
    completed). Per channel: pre-order 2/3, Viber 1/1, phone line 2 0/1 (a row without orders of
    its own); per brand: flowers 3/4, gifts 0/1."""
    from django.utils import timezone

    from orders.models import Lead
    from orders.tests.factories import CustomerFactory

    day = timezone.localdate() - timedelta(days=1)
    flowers, gifts = BrandFactory(code="flowers"), BrandFactory(code="gifts")
    customer = CustomerFactory()
    on_site = order(day=day, channel=Channel.PREORDER, brand=flowers)
    by_phone = order(day=day, channel=Channel.PHONE_1, brand=flowers)
    from_viber = order(day=day, channel=Channel.PHONE_1, brand=flowers)
    made = at(day, 10)
    for number, brand, channel, completed in (
            ("1", flowers, Channel.PREORDER, on_site), ("2", flowers, Channel.PREORDER, by_phone),
            ("3", flowers, Channel.PREORDER, None), ("4", flowers, Channel.VIBER, from_viber),
            ("5", gifts, Channel.PHONE_2, None)):
        Lead.objects.create(brand=brand, customer=customer, site_number=number, channel=channel,
                            order=completed, created_at=made, status=Lead.Status.CONVERTED
                            if completed else Lead.Status.OPEN)
    rollup.rollup_rebuild()
    result = figures.dashboard_figures(start=day, end=day)
    channels = {row["channel"]: (row["orders"], row["leads"], row["converted"], row["conversion"])
                for row in result.channels}
    assert channels == {
        Channel.PREORDER: (1, 3, 2, Decimal("66.7")), Channel.PHONE_1: (2, None, None, None),
        Channel.VIBER: (0, 1, 1, Decimal("100.0")), Channel.PHONE_2: (0, 1, 0, Decimal("0.0"))}
    brands = {row["name"]: (row["leads"], row["converted"], row["conversion"])
              for row in result.brands}
    assert brands == {flowers.name: (4, 3, Decimal("75.0")), gifts.name: (1, 0, Decimal("0.0"))}
    viber = figures.dashboard_figures(start=day, end=day, channel=Channel.VIBER)
    assert [(row["channel"], row["leads"]) for row in viber.channels] == [(Channel.VIBER, 1)]
