"""The quiet hours of customer SMS (notices/quiet.py): queued at night, an SMS waits in the
outbox for the morning; the e-mail beside it goes at once."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from core import outbox
from core.models import OutboxMessage
from notices.models import BrandNotice, MessageKind
from notices.quiet import quiet_until
from orders.models import Status
from orders.services import order_move
from orders.tests.factories import OrderFactory

YEREVAN = ZoneInfo("Asia/Yerevan")


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture(autouse=True)
def _night(settings):
    settings.NOTICE_QUIET_START, settings.NOTICE_QUIET_END = "22:00", "09:00"


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=YEREVAN)


@pytest.mark.parametrize(("hour", "minute", "until_day", "quiet"), [
    (23, 30, 1, True), (22, 0, 1, True), (0, 5, 0, True), (8, 59, 0, True),
    (9, 0, 0, False), (14, 0, 0, False), (21, 59, 0, False),
])
def test_the_quiet_hours_run_across_midnight_in_yerevan(today, hour, minute, until_day, quiet):
    expected = _at(today + timedelta(days=until_day), 9) if quiet else None
    assert quiet_until(_at(today, hour, minute)) == expected
    # The server's clock in UTC says the same.
    assert quiet_until(_at(today, hour, minute).astimezone(ZoneInfo("UTC"))) == expected


def test_equal_times_mean_no_quiet_hours(settings, today):
    settings.NOTICE_QUIET_START = settings.NOTICE_QUIET_END = "00:00"
    assert quiet_until(_at(today, 3)) is None


@pytest.mark.django_db
def test_an_sms_queued_at_night_waits_for_the_morning_the_e_mail_goes_at_once(time_machine,
                                                                              today):
    night = _at(today, 23, 15)
    time_machine.move_to(night, tick=False)
    order = OrderFactory(customer__email="ani@example.am", customer__phone="+37491000111")
    BrandNotice.objects.create(brand=order.brand, kind=MessageKind.CONFIRMATION, sms=True)
    order_move(order_id=order.pk, to=Status.CONFIRMED)
    rows = {row.channel: row for row in OutboxMessage.objects.filter(about=f"order:{order.pk}")}
    assert rows["email"].next_attempt_at == night
    assert rows["sms"].next_attempt_at == _at(today + timedelta(days=1), 9)
    assert outbox.outbox_send(message_id=rows["sms"].pk) is None  # not due: nobody sends it
    time_machine.move_to(_at(today + timedelta(days=1), 9), tick=False)
    assert outbox.outbox_send(message_id=rows["sms"].pk).state == "sent"


@pytest.mark.django_db
def test_an_sms_queued_in_the_day_goes_at_once(time_machine, today):
    noon = _at(today, 12)
    time_machine.move_to(noon, tick=False)
    order = OrderFactory(customer__phone="+37491000111")
    BrandNotice.objects.create(brand=order.brand, kind=MessageKind.CONFIRMATION, sms=True)
    order_move(order_id=order.pk, to=Status.CONFIRMED)
    sms_row = OutboxMessage.objects.get(about=f"order:{order.pk}", channel="sms")
    assert sms_row.next_attempt_at == noon
