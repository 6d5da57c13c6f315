"""Orders due today and on the road with a courier, and the courier's page link for them (the
courier page's tests here and the board's in desk/tests/)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from delivery.models import DeliveryAttempt
from delivery.runs import courier_link_token
from delivery.services import courier_assign, delivery_dispatch
from orders.models import PaymentMethod, Status
from orders.tests.factories import OrderFactory

YEREVAN = ZoneInfo("Asia/Yerevan")


def today_at(hour):
    day = timezone.localdate()
    return datetime(day.year, day.month, day.day, hour, tzinfo=YEREVAN)


def due(hour=10, status=Status.CONFIRMED, **fields):
    fields.setdefault("delivery_date", timezone.localdate())
    return OrderFactory(status=status, window_start=today_at(hour), window_end=today_at(hour + 3),
                        **fields)


def on_road(courier, **fields):
    order = due(status=Status.ASSEMBLING, **fields)
    courier_assign(order_id=order.pk, courier_id=courier.pk)
    attempt = delivery_dispatch(order_id=order.pk)
    # The courier left an hour ago.
    DeliveryAttempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(hours=1))
    attempt.refresh_from_db()
    return order, attempt


def page_url(courier, day=None, language=""):
    token = courier_link_token(courier_id=courier.pk, day=day or timezone.localdate(),
                               language=language)
    return reverse("courier:page", args=[token]), token


def fill_today(count, couriers):
    """`count` orders due today, in turn confirmed and assigned, on the road, and new (not
    assigned); cash on every other one."""
    today = timezone.localdate()
    for n in range(count):
        status = [Status.CONFIRMED, Status.ASSEMBLING, Status.NEW][n % 3]
        order = OrderFactory(delivery_date=today, status=status,
                             payment_method=PaymentMethod.CASH if n % 2 else PaymentMethod.CARD)
        if status != Status.NEW:
            courier_assign(order_id=order.pk, courier_id=couriers[n % len(couriers)].pk)
        if status == Status.ASSEMBLING:
            delivery_dispatch(order_id=order.pk)
