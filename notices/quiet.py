"""The quiet hours of customer SMS: from NOTICE_QUIET_START to before NOTICE_QUIET_END, Yerevan
time (the customers' clock, whatever the server's), e.g. 22:00–09:00 across midnight. An SMS
queued then waits for the end of them in the outbox; e-mail is not held back."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

YEREVAN = ZoneInfo("Asia/Yerevan")


def quiet_until(now: datetime) -> datetime | None:
    """The end of the quiet hours `now` falls in, or None when it is not quiet."""
    start = time.fromisoformat(settings.NOTICE_QUIET_START)
    end = time.fromisoformat(settings.NOTICE_QUIET_END)
    local = now.astimezone(YEREVAN)
    clock = local.time()
    if start == end:
        return None
    if start < end:
        quiet, next_day = start <= clock < end, False
    else:  # across midnight
        quiet, next_day = clock >= start or clock < end, clock >= start
    if not quiet:
        return None
    day = local.date() + timedelta(days=1 if next_day else 0)
    return datetime.combine(day, end, tzinfo=YEREVAN)
