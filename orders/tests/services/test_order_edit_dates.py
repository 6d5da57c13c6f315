"""The desk's edit keeps the intake door's date range (issue 11 item 2): year 1 with a window
before 02:58 Yerevan time was stored as a BC timestamp and broke every page reading it."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from orders.exceptions import EditRefused
from orders.models import Order
from orders.services.editing import order_edit
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db
YEREVAN = ZoneInfo("Asia/Yerevan")


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31)])
def test_an_edit_to_a_date_far_from_today_is_refused(day):
    order = OrderFactory()
    with pytest.raises(EditRefused):
        order_edit(order_id=order.pk, changes={
            "delivery_date": day, "window_start": datetime.combine(day, time(1), YEREVAN),
            "window_end": datetime.combine(day, time(2), YEREVAN)})
    assert Order.objects.get(pk=order.pk).delivery_date == order.delivery_date


def test_an_edit_within_the_range_goes_through():
    order = OrderFactory()
    next_week = timezone.localdate() + timedelta(days=7)
    edited = order_edit(order_id=order.pk, changes={"delivery_date": next_week})
    assert edited.delivery_date == next_week
