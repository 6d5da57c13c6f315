"""Working-time arithmetic in Yerevan.

A day's periods: the PeakDay rows of that date when there are any (they replace the day, even a
holiday), else none on an Armenian public holiday (holidays.country_holidays("AM")), else the
weekday's WorkingHours rows (the INQUIRIES_DEFAULT_HOURS setting while the table is empty).
A Schedule is loaded once (two queries) and then answers any number of questions.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

YEREVAN = ZoneInfo("Asia/Yerevan")
MAX_DAYS = 400  # a search never walks further than this (a schedule with no hours at all)


@lru_cache(maxsize=32)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("AM", years=year).keys())


def is_holiday(day: date) -> bool:
    return day in _holidays(day.year)


def _t(value) -> time:
    return value if isinstance(value, time) else time.fromisoformat(value)


class Schedule:
    def __init__(self, weekly: dict[int, list[tuple[time, time]]],
                 peak: dict[date, list[tuple[time, time]]]):
        self.weekly = {day: sorted(periods) for day, periods in weekly.items()}
        self.peak = {day: sorted(periods) for day, periods in peak.items()}

    @classmethod
    def load(cls) -> Schedule:
        from .models import PeakDay, WorkingHours

        weekly: dict[int, list[tuple[time, time]]] = defaultdict(list)
        for row in WorkingHours.objects.values_list("weekday", "start", "end"):
            weekly[row[0]].append((row[1], row[2]))
        if not weekly:
            for day, periods in settings.INQUIRIES_DEFAULT_HOURS.items():
                weekly[int(day)] = [(_t(start), _t(end)) for start, end in periods]
        peak: dict[date, list[tuple[time, time]]] = defaultdict(list)
        today = datetime.now(YEREVAN).date()
        for row in PeakDay.objects.filter(date__gte=today - timedelta(days=MAX_DAYS),
                                          date__lte=today + timedelta(days=MAX_DAYS)
                                          ).values_list("date", "start", "end"):
            peak[row[0]].append((row[1], row[2]))
        return cls(dict(weekly), dict(peak))

    def periods(self, day: date) -> list[tuple[datetime, datetime]]:
        """The day's working periods as aware datetimes in Yerevan."""
        if day in self.peak:
            spans = self.peak[day]
        elif is_holiday(day):
            spans = []
        else:
            spans = self.weekly.get(day.weekday(), [])
        return [(datetime.combine(day, start, YEREVAN), datetime.combine(day, end, YEREVAN))
                for start, end in spans]

    def seconds_between(self, start: datetime, end: datetime) -> int:
        """Working seconds in [start, end); 0 when end is not after start."""
        if end <= start:
            return 0
        total = 0.0
        day = start.astimezone(YEREVAN).date()
        last = end.astimezone(YEREVAN).date()
        while day <= last:
            for p_start, p_end in self.periods(day):
                lo, hi = max(p_start, start), min(p_end, end)
                if hi > lo:
                    total += (hi - lo).total_seconds()
            day += timedelta(days=1)
        return int(total)

    def add(self, start: datetime, seconds: int) -> datetime | None:
        """The moment `seconds` of working time after `start` (None past MAX_DAYS)."""
        left = float(max(seconds, 0))
        day = start.astimezone(YEREVAN).date()
        for _ in range(MAX_DAYS):
            for p_start, p_end in self.periods(day):
                lo = max(p_start, start)
                if p_end <= lo:
                    continue
                span = (p_end - lo).total_seconds()
                if left <= span:
                    return lo + timedelta(seconds=left)
                left -= span
            day += timedelta(days=1)
        return None

    def left(self, now: datetime, due: datetime) -> int:
        """Working seconds from now until due; negative (working seconds late) when overdue."""
        if due >= now:
            return self.seconds_between(now, due)
        return -self.seconds_between(due, now)


def promise_seconds(tab: str) -> int:
    return int(settings.INQUIRIES_PROMISE.get(tab, 240)) * 60


def duration_text(seconds: int | None) -> str:
    """4:05 (hours:minutes of working time); a minus sign when late."""
    if seconds is None:
        return "—"
    sign = "−" if seconds < 0 else ""
    minutes = abs(int(seconds)) // 60
    return f"{sign}{minutes // 60}:{minutes % 60:02d}"
