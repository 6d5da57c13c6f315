"""Reading capacity: a zone's windows on a date, and the next windows with places left."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from orders.capacity import Window

from .models import Booking, DateCapacity, Hold, WindowCapacity, Zone


def limited_zones(day: date) -> set[int]:
    """The zones with capacity on `day` (their date's own windows or their weekday's): one
    query, so a day nobody limits costs the intake nothing more."""
    dated = DateCapacity.objects.filter(day=day).values_list("zone_id").order_by()
    return set(WindowCapacity.objects.filter(weekday=day.weekday()).values_list("zone_id")
               .order_by().union(dated).values_list("zone_id", flat=True))


def day_rules(zone: Zone, day: date) -> list:
    """The zone's windows on `day`: the date's own if it has any, else its weekday's."""
    dated = list(DateCapacity.objects.filter(zone=zone, day=day).order_by("starts"))
    return dated or list(WindowCapacity.objects.filter(zone=zone, weekday=day.weekday())
                         .order_by("starts"))


def window_rule(zone: Zone, day: date, window_start: datetime | None):
    """The capacity window an order starting at `window_start` counts against: the one that
    holds its start (Asia/Yerevan), from <= start < until. None: not limited."""
    if window_start is None:
        return None
    starts = timezone.localtime(window_start).time()
    return next((rule for rule in day_rules(zone, day) if rule.starts <= starts < rule.ends),
                None)


def closes_at(rule, day: date) -> datetime:
    """When a window closes for new orders: its start on `day` (Asia/Yerevan) less its cut-off."""
    starts = timezone.make_aware(datetime.combine(day, rule.starts))
    return starts - timedelta(minutes=rule.cutoff_minutes)


def next_free(zone: Zone, day: date, *, skip: time | None = None) -> tuple[Window, ...]:
    """The first CAPACITY_SUGGESTIONS windows of the zone with a place left, from `day` on
    (CAPACITY_LOOKAHEAD_DAYS), leaving out the window starting at `skip` on `day` and windows
    already closed for new orders (closes_at). Four queries whatever the range."""
    last = day + timedelta(days=settings.CAPACITY_LOOKAHEAD_DAYS)
    dated: dict[date, list] = {}
    for rule in DateCapacity.objects.filter(zone=zone, day__range=(day, last)).order_by("starts"):
        dated.setdefault(rule.day, []).append(rule)
    weekly: dict[int, list] = {}
    for rule in WindowCapacity.objects.filter(zone=zone).order_by("starts"):
        weekly.setdefault(rule.weekday, []).append(rule)
    used = Counter({(row["slot__day"], row["slot__starts"]): row["n"] for row in
                    Booking.objects.filter(slot__zone=zone, slot__day__range=(day, last))
                    .values("slot__day", "slot__starts").annotate(n=Count("id")).order_by()})
    now = timezone.now()
    used.update({(row["slot__day"], row["slot__starts"]): row["n"] for row in
                 Hold.objects.filter(slot__zone=zone, slot__day__range=(day, last),
                                     expires_at__gt=now)
                 .values("slot__day", "slot__starts").annotate(n=Count("id")).order_by()})
    found = []
    current = day
    while current <= last and len(found) < settings.CAPACITY_SUGGESTIONS:
        for rule in dated.get(current) or weekly.get(current.weekday(), []):
            if (current == day and rule.starts == skip) or closes_at(rule, current) <= now:
                continue
            left = rule.places - used[(current, rule.starts)]
            if left > 0:
                found.append(Window(current, rule.starts, rule.ends, left))
        current += timedelta(days=1)
    return tuple(found[:settings.CAPACITY_SUGGESTIONS])
