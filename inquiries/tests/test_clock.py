"""The working-time clock: Yerevan, several periods a day, holidays, peak days, pauses."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from inquiries.clock import Schedule, duration_text, is_holiday
from inquiries.models import InquiryState, PeakDay
from inquiries.services import inquiry_customer_wrote, inquiry_open, inquiry_reply

from .factories import weekday_hours

YVN = ZoneInfo("Asia/Yerevan")
pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _thursday():
    """The first Thursday after today whose Friday and the next two Mondays are no public
    holidays: the week the scenarios below play in."""
    day = TODAY + timedelta(days=1)
    while day.weekday() != 3 or any(is_holiday(day + timedelta(days=n)) for n in (0, 1, 4, 11)):
        day += timedelta(days=1)
    return day


def _first_year(fits):
    """This year or the first after it that `fits`."""
    year = TODAY.year
    while not fits(year):
        year += 1
    return year


THU = _thursday()
FRI, SAT, SUN, MON = (THU + timedelta(days=n) for n in range(1, 5))


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), YVN)


@pytest.fixture
def hours(db):
    # Two periods with a lunch break, Monday to Friday.
    weekday_hours(("09:00", "13:00"), ("14:00", "18:00"))


def test_two_periods_a_day_skip_lunch(hours):
    s = Schedule.load()
    # Thursday 12:00 + 2 h = 15:00 (the lunch hour does not count)
    assert s.add(at(THU, 12, 0), 7200) == at(THU, 15, 0)
    assert s.seconds_between(at(THU, 12, 0), at(THU, 15, 0)) == 7200


def test_overnight(hours):
    s = Schedule.load()
    # Thursday 17:00 + 2 h = Friday 10:00
    assert s.add(at(THU, 17, 0), 7200) == at(FRI, 10, 0)
    # Asked at 22:00: the clock starts at 09:00 next morning
    assert s.add(at(THU, 22, 0), 7200) == at(FRI, 11, 0)


def test_weekend(hours):
    s = Schedule.load()
    # Friday 17:30 + 2 h = Monday 10:30
    assert s.add(at(FRI, 17, 30), 7200) == at(MON, 10, 30)
    assert s.seconds_between(at(SAT, 9), at(SUN, 18)) == 0


def test_armenian_holiday(hours):
    s = Schedule.load()
    # A Wednesday 30 December (2026's, or the next such year's) 17:00 + 2 h: 31 Dec (New
    # Year's Eve), 1 and 2 Jan are holidays, then the weekend; Monday 4 Jan is a working day.
    year = _first_year(lambda year: date(year, 12, 30).weekday() == 2)
    assert s.add(at(date(year, 12, 30), 17, 0), 7200) == at(date(year + 1, 1, 4), 10, 0)
    # Independence Day, 21 Sep of a year it falls on a weekday: no hours
    year = _first_year(lambda year: date(year, 9, 21).weekday() < 5)
    assert s.periods(date(year, 9, 21)) == []


def test_peak_day_counts_longer_hours(hours):
    # A Saturday (as before Women's Day) open 08:00-22:00, five days or more from today
    soonest = TODAY + timedelta(days=5)
    saturday = soonest + timedelta(days=(5 - soonest.weekday()) % 7)
    assert saturday.weekday() == 5 and not Schedule.load().periods(saturday)  # closed so far
    PeakDay.objects.create(date=saturday, start=time(8), end=time(22))
    with time_machine.travel(at(saturday - timedelta(days=5), 9, 0), tick=False):
        s = Schedule.load()  # peak days near today load
    assert s.add(at(saturday, 20, 0), 7200) == at(saturday, 22, 0)
    assert s.seconds_between(at(saturday, 0, 0),
                             at(saturday + timedelta(days=1), 0, 0)) == 14 * 3600


def test_settings_hours_when_table_empty(settings, db):
    settings.INQUIRIES_DEFAULT_HOURS = {0: [("10:00", "12:00")]}
    s = Schedule.load()
    assert s.add(at(MON, 11, 0), 7200) == at(MON + timedelta(days=7), 11, 0)


def test_left_and_text(hours):
    s = Schedule.load()
    assert s.left(at(THU, 12, 0), at(THU, 15, 0)) == 7200
    assert s.left(at(THU, 15, 0), at(THU, 12, 0)) == -7200
    assert duration_text(-7260) == "−2:01"
    assert duration_text(3600 * 5 + 60) == "5:01"


def test_call_inquiry_due_in_two_working_hours_and_pauses(hours):
    with time_machine.travel(at(THU, 17, 30), tick=False):
        inquiry = inquiry_open(tab="call", channel="phone", text="Where is my bouquet?",
                               phone="+37491123456", name="Ani")
    assert inquiry.due_at == at(FRI, 10, 30)
    # Answered Friday 09:30: one working hour used; the clock pauses (waiting for customer)
    from django.contrib.auth import get_user_model
    op = get_user_model().objects.create(username="op")
    with time_machine.travel(at(FRI, 9, 30), tick=False):
        reply = inquiry_reply(inquiry_id=inquiry.pk, text="We will call you.", actor=op)
    inquiry.refresh_from_db()
    assert reply.response_seconds == 3600 and reply.is_first_answer
    assert inquiry.state == InquiryState.WAITING and inquiry.due_at is None
    assert inquiry.clock_seconds == 3600
    # The customer writes on Saturday evening: the clock resumes Monday 09:00 with 1 h left
    with time_machine.travel(at(SAT, 20, 0), tick=False):
        inquiry = inquiry_customer_wrote(inquiry_id=inquiry.pk, text="Thanks, and?",
                                         channel="phone")
    assert inquiry.state == InquiryState.OPEN
    assert inquiry.due_at == at(MON, 10, 0)
