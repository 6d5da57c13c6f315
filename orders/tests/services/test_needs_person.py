"""Reasons a person must look (issue 10, item 8): a delivery date already passed on arrival, a
site price that differs from the catalog, and today's window passed with the order not out."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from catalog.tests.factories import ProductFactory
from orders import selectors
from orders.models import Order, Status
from orders.normalized import Item
from orders.services import editing, intake
from orders.tests.factories import BrandFactory, OrderFactory, normalized_order
from orders.timeline import event_sentence

pytestmark = pytest.mark.django_db
YEREVAN = ZoneInfo("Asia/Yerevan")


@pytest.fixture(autouse=True)
def catalog():
    BrandFactory(code="flowers")
    return ProductFactory(sku="FB-ROSE-25", price=Decimal("25000"))


def _future() -> str:
    return (timezone.localdate() + timedelta(days=3)).isoformat()


def _needs_person(order: Order) -> bool:
    return selectors.queue_orders().filter(selectors.NEEDS_PERSON, pk=order.pk).exists()


def test_an_order_as_the_catalog_has_it_needs_nobody():
    order = intake(normalized=normalized_order(delivery_date=_future()), source="t").order
    assert not (order.has_past_date or order.has_price_mismatch or order.needs_attention)
    assert selectors.needs_person_reasons(order) == [] and not _needs_person(order)


def test_a_delivery_date_already_passed_on_arrival_needs_a_person():
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    order = intake(normalized=normalized_order(delivery_date=yesterday), source="t").order

    assert order.has_past_date and _needs_person(order)
    with translation.override("en"):
        assert selectors.needs_person_reasons(order) == [
            "The delivery date had already passed when the order arrived."]
    with translation.override("en"):
        assert "already passed" in event_sentence(order.events.get(kind="created"))


def test_a_site_price_that_differs_from_the_catalog_needs_a_person_and_is_kept(catalog):
    with translation.override("en"):
        order = intake(normalized=normalized_order(
            delivery_date=_future(), total="24000",
            items=(Item(sku="FB-ROSE-25", quantity=1, unit_price="24000"),)), source="t").order

    assert order.has_price_mismatch and not order.has_total_mismatch
    assert order.lines.get().unit_price == Decimal("24000") and order.total == Decimal("24000")
    assert _needs_person(order)
    with translation.override("en"):
        assert "A price on the order differs from the catalog price." in (
            selectors.needs_person_reasons(order))
    with translation.override("en"):
        assert (f"{catalog.name_en} at AMD\u00a024,000 (catalog AMD\u00a025,000)"
                in event_sentence(order.events.get(kind="created")))


def test_a_line_without_a_stated_price_takes_the_catalogs_and_raises_nothing():
    order = intake(normalized=normalized_order(
        delivery_date=_future(), items=(Item(sku="FB-ROSE-25", quantity=1),)), source="t").order
    assert not order.has_price_mismatch


def _today_order(status, now):
    day = timezone.localdate(now)
    return OrderFactory(status=status, delivery_date=day,
                        window_start=datetime.combine(day, datetime.min.time(), YEREVAN)
                        + timedelta(hours=10),
                        window_end=datetime.combine(day, datetime.min.time(), YEREVAN)
                        + timedelta(hours=13))


@pytest.mark.parametrize(("status", "late"), [
    (Status.NEW, True), (Status.CONFIRMED, True), (Status.ASSEMBLING, True),
    (Status.OUT_FOR_DELIVERY, False), (Status.DELIVERED, False), (Status.CANCELLED, False),
])
def test_todays_window_passed_and_not_out_is_late_today(status, late):
    afternoon = datetime.combine(timezone.localdate(), time(15), YEREVAN)
    order = _today_order(status, afternoon)

    rows = selectors.queue_page(selectors.queue_orders(afternoon).filter(pk=order.pk), 0, 1)
    assert rows[0]["is_late_today"] is late
    assert ("is_late_today" in dict(selectors.queue_markers(rows[0]))) is late
    flagged = selectors.queue_orders(afternoon).filter(selectors.NEEDS_PERSON, pk=order.pk)
    assert flagged.exists() is late
    assert Order.objects.filter(selectors.needs_person_q(afternoon), pk=order.pk).exists() is late
    with translation.override("en"):
        reasons = selectors.needs_person_reasons(order, afternoon)
    assert ("Today's delivery window has passed and the order is not out yet." in reasons) is late


def test_before_the_window_ends_it_is_not_late():
    morning = datetime.combine(timezone.localdate(), time(11), YEREVAN)
    order = _today_order(Status.CONFIRMED, morning)
    assert not selectors.queue_orders(morning).filter(selectors.NEEDS_PERSON, pk=order.pk).exists()


@pytest.mark.parametrize(("minutes", "passed"), [(0, False), (1, True)])
def test_the_queue_and_the_board_agree_when_the_window_has_passed(time_machine, minutes, passed):
    """The window includes its end (a delivery then is on time): at 13:00 sharp neither the
    queue's "late today" nor the delivery board's "late" says so; a minute later both do. The
    queue said `<=` and the board `<` (issue 18)."""
    from delivery.selectors import board_groups

    today = timezone.localdate()
    now = datetime.combine(today, datetime.min.time(), YEREVAN) + timedelta(hours=13,
                                                                             minutes=minutes)
    time_machine.move_to(now, tick=False)
    order = _today_order(Status.CONFIRMED, now)
    assert selectors.is_late_today(order, now) is passed
    assert Order.objects.filter(selectors.late_today_q(now), pk=order.pk).exists() is passed
    assert Order.objects.filter(selectors.window_passed_q(now), pk=order.pk).exists() is passed
    [stop] = [stop for group in board_groups(today) for window in group.windows
              for stop in window.stops]
    assert stop.late is passed


def test_the_partner_reason_still_reads_as_it_did():
    order = OrderFactory(attention="The partner asked to cancel it after it left.")
    assert selectors.needs_person_reasons(order) == ["The partner asked to cancel it after it left."]
    assert _needs_person(order)


def test_marking_handled_clears_the_intake_warnings_and_a_new_date_clears_the_past_one():
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    order = intake(normalized=normalized_order(
        delivery_date=yesterday, total="24000",
        items=(Item(sku="FB-ROSE-25", quantity=1, unit_price="24000"),)), source="t").order
    editing.order_attention_clear(order_id=order.pk)
    order.refresh_from_db()
    assert not (order.has_past_date or order.has_price_mismatch) and not _needs_person(order)

    other = intake(normalized=normalized_order(site_number="2", delivery_date=yesterday),
                   source="t").order
    editing.order_edit(order_id=other.pk,
                       changes={"delivery_date": timezone.localdate() + timedelta(days=1)})
    other.refresh_from_db()
    assert not other.has_past_date
