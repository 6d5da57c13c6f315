"""The working-time clock: Yerevan, several periods a day, holidays, peak days, pauses."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from inquiries.clock import Schedule, duration_text
from inquiries.models import InquiryState, PeakDay
from inquiries.services import inquiry_customer_wrote, inquiry_open, inquiry_reply

from .factories import weekday_hours

YVN = ZoneInfo("Asia/Yerevan")
pytestmark = pytest.mark.django_db


def at(*args):
    return datetime(*args, tzinfo=YVN)


@pytest.fixture
def hours(db):
    # Two periods with a lunch break, Monday to Friday.
    weekday_hours(("09:00", "13:00"), ("14:00", "18:00"))


def test_two_periods_a_day_skip_lunch(hours):
    s = Schedule.load()
    # Thursday 3 Dec 2026, 12:00 + 2 h = 15:00 (the lunch hour does not count)
    assert s.add(at(2026, 12, 3, 12, 0), 7200) == at(2026, 12, 3, 15, 0)
    assert s.seconds_between(at(2026, 12, 3, 12, 0), at(2026, 12, 3, 15, 0)) == 7200


def test_overnight(hours):
    s = Schedule.load()
    # Thursday 17:00 + 2 h = Friday 10:00
    assert s.add(at(2026, 12, 3, 17, 0), 7200) == at(2026, 12, 4, 10, 0)
    # Asked at 22:00: the clock starts at 09:00 next morning
    assert s.add(at(2026, 12, 3, 22, 0), 7200) == at(2026, 12, 4, 11, 0)


def test_weekend(hours):
    s = Schedule.load()
    # Friday 17:30 + 2 h = Monday 10:30
    assert s.add(at(2026, 12, 4, 17, 30), 7200) == at(2026, 12, 7, 10, 30)
    assert s.seconds_between(at(2026, 12, 5, 9), at(2026, 12, 6, 18)) == 0


def test_armenian_holiday(hours):
    s = Schedule.load()
    # Wednesday 30 Dec 2026 17:00 + 2 h: 31 Dec (New Year's Eve), 1 and 2 Jan are holidays,
    # then the weekend; Monday 4 Jan 2027 is a working day.
    assert s.add(at(2026, 12, 30, 17, 0), 7200) == at(2027, 1, 4, 10, 0)
    # Independence Day, Monday 21 Sep 2026: no hours
    assert s.periods(datetime(2026, 9, 21).date()) == []


def test_peak_day_counts_longer_hours(hours):
    # Saturday 7 March 2026 (before Women's Day): open 08:00-22:00
    PeakDay.objects.create(date=datetime(2026, 3, 7).date(), start=time(8), end=time(22))
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):  # peak days near today load
        s = Schedule.load()
    assert s.add(at(2026, 3, 7, 20, 0), 7200) == at(2026, 3, 7, 22, 0)
    assert s.seconds_between(at(2026, 3, 7, 0, 0), at(2026, 3, 8, 0, 0)) == 14 * 3600


def test_settings_hours_when_table_empty(settings, db):
    settings.INQUIRIES_DEFAULT_HOURS = {0: [("10:00", "12:00")]}
    s = Schedule.load()
    assert s.add(at(2026, 12, 7, 11, 0), 7200) == at(2026, 12, 14, 11, 0)


def test_left_and_text(hours):
    s = Schedule.load()
    assert s.left(at(2026, 12, 3, 12, 0), at(2026, 12, 3, 15, 0)) == 7200
    assert s.left(at(2026, 12, 3, 15, 0), at(2026, 12, 3, 12, 0)) == -7200
    assert duration_text(-7260) == "−2:01"
    assert duration_text(3600 * 5 + 60) == "5:01"


def test_call_inquiry_due_in_two_working_hours_and_pauses(hours):
    with time_machine.travel(at(2026, 12, 3, 17, 30), tick=False):
        inquiry = inquiry_open(tab="call", channel="phone", text="Where is my bouquet?",
                               phone="+37491123456", name="Ani")
    assert inquiry.due_at == at(2026, 12, 4, 10, 30)
    # Answered Friday 09:30: one working hour used; the clock pauses (waiting for customer)
    from django.contrib.auth import get_user_model
    op = get_user_model().objects.create(username="op")
    with time_machine.travel(at(2026, 12, 4, 9, 30), tick=False):
        reply = inquiry_reply(inquiry_id=inquiry.pk, text="We will call you.", actor=op)
    inquiry.refresh_from_db()
    assert reply.response_seconds == 3600 and reply.is_first_answer
    assert inquiry.state == InquiryState.WAITING and inquiry.due_at is None
    assert inquiry.clock_seconds == 3600
    # The customer writes on Saturday evening: the clock resumes Monday 09:00 with 1 h left
    with time_machine.travel(at(2026, 12, 5, 20, 0), tick=False):
        inquiry = inquiry_customer_wrote(inquiry_id=inquiry.pk, text="Thanks, and?",
                                         channel="phone")
    assert inquiry.state == InquiryState.OPEN
    assert inquiry.due_at == at(2026, 12, 7, 10, 0)
