"""Dates and times round-trip in every desk form, in every language: `type=date` and
`type=time` inputs show and send ISO values only (a Russian "24.12.2026" leaves them empty)."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone, translation

from desk.filters import QueueFilter
from desk.forms.order import EditForm
from desk.forms.quick import QuickEntryForm
from orders.models import Order

pytestmark = pytest.mark.django_db


def _a_day_no_month_could_be(day):
    """`day` or the first after it past the 12th: read day-first or month-first, it differs."""
    while day.day <= 12:
        day += timedelta(days=1)
    return day


DAY = _a_day_no_month_could_be(timezone.localdate() + timedelta(days=16))
START, END = time(10, 0), time(13, 30)
ISO, LOCAL, WEEK_ON = DAY.isoformat(), f"{DAY:%d.%m.%Y}", (DAY + timedelta(days=7)).isoformat()
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def values(html: str) -> dict[str, str]:
    """{name: value} of the date and time inputs in the rendered HTML."""
    found = {}
    for tag in re.findall(r"<input[^>]*>", html):
        kind = re.search(r'type="(date|time)"', tag)
        name = re.search(r'name="([^"]+)"', tag)
        if kind and name:
            value = re.search(r'value="([^"]*)"', tag)
            found[name[1]] = value[1] if value else ""
    return found


def test_every_language_is_covered():
    assert set(LANGUAGES) == {"hy", "ru", "en"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_edit_form_shows_and_reads_back_its_date_and_window(language, time_machine):
    # The form takes delivery dates near today: today is a few days before DAY.
    time_machine.move_to(datetime.combine(DAY - timedelta(days=3), time(9),
                                          tzinfo=ZoneInfo(settings.TIME_ZONE)), tick=False)
    with translation.override(language):
        form = EditForm(initial={"delivery_date": DAY, "window_from": START,
                                 "window_until": END, "version": 1})
        shown = values(str(form))
        assert shown == {"delivery_date": ISO, "window_from": "10:00",
                         "window_until": "13:30"}
        posted = EditForm({**shown, "version": "1", "recipient_name": "Mariam",
                           "recipient_address": "Yerevan"})
        assert posted.is_valid(), posted.errors
        assert (posted.cleaned_data["delivery_date"], posted.cleaned_data["window_from"],
                posted.cleaned_data["window_until"]) == (DAY, START, END)


@pytest.mark.parametrize("language", LANGUAGES)
def test_quick_entry_shows_a_stated_date_the_input_can_hold(language):
    with translation.override(language):
        for stated in (DAY, ISO, LOCAL):  # as channels state it
            form = QuickEntryForm(initial=QuickEntryForm.initial_from({"delivery_date": stated}))
            assert values(str(form))["delivery_date"] == ISO


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_queue_filter_dates_round_trip(language):
    with translation.override(language):
        bound = QueueFilter({"when": "range", "date_from": ISO,
                             "date_to": WEEK_ON}, queryset=Order.objects.none())
        assert bound.form.is_valid(), bound.form.errors
        assert bound.form.cleaned_data["date_from"] == DAY
        shown = values(str(bound.form))
        assert shown["date_from"] == ISO and shown["date_to"] == WEEK_ON
        unbound = QueueFilter(queryset=Order.objects.none())
        unbound.form.fields["date_from"].initial = DAY
        assert values(str(unbound.form))["date_from"] == ISO
