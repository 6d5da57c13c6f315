"""Days as people say them (the desk's time zone, Asia/Yerevan) as the aware moments the
database stores (UTC)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def day_span(first: date, last: date) -> tuple[datetime, datetime]:
    """[the start of `first`, the start of the day after `last`) in the desk's time zone: the
    moments of the days from `first` to `last`, both included."""
    zone = timezone.get_default_timezone()
    return (timezone.make_aware(datetime.combine(first, time.min), zone),
            timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), zone))
