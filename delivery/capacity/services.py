"""The capacity ledger's writes: what delivery plugs into orders.capacity.LEDGER (reserve,
record, give_back), and the operator's holds. Every count is taken under the window's row lock
(Slot, SELECT ... FOR UPDATE), held until the booker's transaction ends."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from orders.capacity import Place
from orders.models import Order

from .models import Booking, Hold, Slot
from .selectors import closes_at, limited_zones, next_free, window_rule
from .zones import zone_for


def reserve(*, address: str, day: date, window_start: datetime | None,
            window_end: datetime | None, order_id: int | None = None, holder=None) -> Place:
    """The order's zone and window on `day`, locked, with the places left. Not limited (no
    slot): no zone, no window, or no capacity row whose window holds the order's start.
    The order's own row (an edit) and the holder's own hold are not counted against it."""
    holder_id = holder.pk if holder is not None and holder.is_authenticated else None
    limited = limited_zones(day) if window_start is not None else set()
    zone = zone_for(address) if limited else None  # no capacity that day: one query in all
    rule = window_rule(zone, day, window_start) if zone is not None and zone.pk in limited else None
    if rule is None:
        return Place(zone_id=zone and zone.pk, holder_id=holder_id)
    Slot.objects.bulk_create([Slot(zone=zone, day=day, starts=rule.starts, ends=rule.ends)],
                             ignore_conflicts=True)
    slot = Slot.objects.select_for_update().get(zone=zone, day=day, starts=rule.starts)
    booked = Booking.objects.filter(slot=slot).exclude(order_id=order_id).count()
    held = Hold.objects.filter(slot=slot, expires_at__gt=timezone.now()).exclude(
        user_id=holder_id).count()
    left = max(rule.places - booked - held, 0)
    return Place(full=left == 0, left=left, zone_id=zone.pk, slot_id=slot.pk, holder_id=holder_id,
                 next_free=next_free(zone, day, skip=rule.starts) if left == 0 else (),
                 closed=closes_at(rule, day) <= timezone.now())


def record(*, order: Order, place: Place, override: str = "", actor=None,
           fresh: bool = False) -> None:
    """The order's one ledger row for `place` (moved there if it had one); the holder's hold,
    if any, is spent on it. A window that is not limited takes no row (a `fresh` order, just
    inserted, has none to give back)."""
    if place.slot_id is None:
        if not fresh:
            give_back(order_id=order.pk)
    else:
        Booking.objects.update_or_create(order=order, defaults={
            "zone_id": place.zone_id, "day": order.delivery_date, "slot_id": place.slot_id,
            "over_capacity": place.full, "override_reason": override,
            "overridden_by": actor if override else None, "booked_at": timezone.now()})
    if place.holder_id is not None:
        Hold.objects.filter(user_id=place.holder_id).delete()


def give_back(*, order_id: int) -> None:
    Booking.objects.filter(order_id=order_id).delete()


@transaction.atomic
def hold_take(*, user, address: str, day: date, window_start: datetime | None,
              window_end: datetime | None) -> Place:
    """Hold a place in this window for the operator for HOLD_MINUTES (their one hold: picking
    another window moves it). A full or unlimited window is not held; the answer says how
    many places are left besides the operator's own."""
    place = reserve(address=address, day=day, window_start=window_start, window_end=window_end,
                    holder=user)
    if place.slot_id is None or place.full:
        hold_release(user=user)
        return place
    Hold.objects.update_or_create(user=user, defaults={
        "slot_id": place.slot_id,
        "expires_at": timezone.now() + timedelta(minutes=settings.HOLD_MINUTES)})
    return place


def hold_release(*, user) -> None:
    Hold.objects.filter(user=user).delete()
