"""A partner's later word on an order already taken (cancelled, another delivery date).
(Partners hear of their orders' moves by webhook: channels_intake subscribes to
`order.status_changed`.)

A change the partner makes while the order is still at the desk is applied with a timeline
event. Once the order is out for delivery (or further) nothing is changed automatically: the
order gets a note for a person and the caller routes the message to the review queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from .. import capacity, events, timeline
from ..exceptions import PartnerChangeRefused
from ..models import Order, Status
from ..rules import BEFORE_DISPATCH
from .transitions import order_bump, order_lock, order_move
from .validation import window_check

# Where a partner may still change or cancel an order by itself (issue #5).
PARTNER_MAY_CHANGE = BEFORE_DISPATCH


@dataclass(frozen=True)
class PartnerChange:
    outcome: str  # "updated", "unchanged" or "review"
    order: Order
    reason: str = ""

    UPDATED, UNCHANGED, REVIEW = "updated", "unchanged", "review"


@transaction.atomic
def partner_order_cancel(*, order_id: int, system: str, note: str = "") -> Order:
    """Cancel at the partner's request; an order already cancelled stays as it is."""
    order = order_lock(order_id=order_id, expected_version=None)
    if order.status == Status.CANCELLED:
        return order
    if order.status not in PARTNER_MAY_CHANGE:
        raise PartnerChangeRefused(order=order)
    return order_move(order_id=order.pk, to=Status.CANCELLED, system=system, note=note,
                      said=None if note else events.phrase("partner_cancelled"))


@transaction.atomic
def partner_order_change(*, order_id: int, system: str, is_cancelled: bool = False,
                         delivery_date: date | None = None,
                         window: tuple | None = None) -> PartnerChange:
    """Apply what changed in a later version of a partner order (`window`: two local times,
    held to the window rule: WindowRefused)."""
    if window:
        window_check(*window)
    order = order_lock(order_id=order_id, expected_version=None)
    day = delivery_date or order.delivery_date
    zone = ZoneInfo(settings.TIME_ZONE)
    new_window = ((datetime.combine(day, window[0], tzinfo=zone),
                   datetime.combine(day, window[1], tzinfo=zone)) if window else None)
    if new_window is None and day != order.delivery_date and order.window_start:
        # Same hours on the new day.
        new_window = tuple(datetime.combine(day, moment.astimezone(zone).time(), tzinfo=zone)
                           for moment in (order.window_start, order.window_end))
    before, after = {}, {}
    if day != order.delivery_date:
        before["delivery_date"], after["delivery_date"] = str(order.delivery_date), str(day)
    if new_window and (new_window[0] != order.window_start or new_window[1] != order.window_end):
        before["window"] = _window_text(order.window_start, order.window_end)
        after["window"] = _window_text(*new_window)
    wants_cancel = is_cancelled and order.status != Status.CANCELLED
    if not (after or wants_cancel):
        return PartnerChange(PartnerChange.UNCHANGED, order)
    if order.status not in PARTNER_MAY_CHANGE:
        wanted = [_("cancel it")] if wants_cancel else []
        wanted += [timeline.field_value_text(key, value) for key, value in after.items()]
        reason = (_("The partner asked to %(what)s after the order was %(status)s.")
                  % {"what": ", ".join(wanted), "status": order.get_status_display()})
        order.attention = reason[:500]
        order_bump(order, "attention")
        # On the timeline as a phrase, said in each reader's language (the attention stays the
        # sentence the queue shows).
        asked = events.phrase("partner_asked", status=order.status, what=(
            (["cancel"] if wants_cancel else []) + [[key, value] for key, value in after.items()]))
        events.note(order=order, system=system, said=events.phrase("needs_person", why=[asked]))
        return PartnerChange(PartnerChange.REVIEW, order, reason)
    if after:
        order.delivery_date = day
        if new_window:
            order.window_start, order.window_end = new_window
        if not wants_cancel:
            # Its place moves with it: a partner's change is not refused, it is marked if full.
            order.over_capacity = capacity.take(order, capacity.Ask())
        order_bump(order, "delivery_date", "window_start", "window_end", "over_capacity")
        events.edited(order=order, before=before, after=after, system=system,
                      said=events.phrase("partner_changed"))
    if wants_cancel:
        order = order_move(order_id=order.pk, to=Status.CANCELLED, system=system,
                           said=events.phrase("partner_cancelled"))
    return PartnerChange(PartnerChange.UPDATED, order)


def _window_text(start, end) -> str:
    if not start or not end:
        return ""
    zone = ZoneInfo(settings.TIME_ZONE)
    return f"{start.astimezone(zone):%H:%M}-{end.astimezone(zone):%H:%M}"
