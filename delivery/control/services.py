"""The next-morning control list: built every morning, resolved one item at a time (the
customer contacted and told by e-mail), escalated to managers once past its deadline.

The detectors are SOURCES: each a callable(now) returning order ids, with the reason the item
shows (the tracking's stalled parcels give Reason.STALLED_PARCEL)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import events
from core.roles import OPERATOR
from orders import events as order_events
from orders.models import Order, Status
from orders.rules import OPEN, Action, allows
from orders.services import order_cancel, order_edit

from ..domain_events import ControlResolved
from ..exceptions import ControlError
from ..models import ControlItem, DeliveryAttempt
from ..services import courier_assign, delivery_report_late, delivery_resend
from ..tracking.selectors import stalled_parcels

Reason = ControlItem.Reason
Resolution = ControlItem.Resolution
Contact = ControlItem.Contact

NOTE_MAX = 2000
REASON_MAX = 500


def control_today(now: datetime | None = None) -> date:
    """The control day: Yerevan's date at `now`."""
    return timezone.localdate(now or timezone.now())


def control_deadline(now: datetime | None = None) -> datetime:
    """The day's deadline, CONTROL_DEADLINE_HOUR in Yerevan; an item added after that hour
    (a late run, a parcel found stalled in the afternoon) is due by the next day's."""
    now = now or timezone.now()
    day = control_today(now)
    deadline = timezone.make_aware(datetime.combine(day, time(settings.CONTROL_DEADLINE_HOUR)))
    if deadline <= now:
        deadline = timezone.make_aware(datetime.combine(day + timedelta(days=1),
                                                        time(settings.CONTROL_DEADLINE_HOUR)))
    return deadline


# --- where the list's orders come from ---

Source = Callable[[datetime], Iterable[int]]


def _past_due(now: datetime):
    return Order.objects.filter(delivery_date__lt=control_today(now), status__in=OPEN)


def past_due_failed(now: datetime) -> Iterable[int]:
    """Failed on the road, and its day has passed."""
    return _past_due(now).filter(status=Status.FAILED).values_list("pk", flat=True)


def past_due_open(now: datetime) -> Iterable[int]:
    """Still open the day after (not delivered: confirmed, assembling, on the road...)."""
    return _past_due(now).exclude(status=Status.FAILED).values_list("pk", flat=True)


# (callable(now) -> order ids, reason). The first source to name an order gives its reason.
SOURCES: list[tuple[Source, str]] = [
    (past_due_failed, Reason.FAILED),
    (past_due_open, Reason.NOT_DELIVERED),
    # A parcel with no movement for TRACKING_STALLED_DAYS.
    (stalled_parcels, Reason.STALLED_PARCEL),
]


# --- who owns an item ---

def operators_on_shift():
    """The operators an unowned item is spread across: every active user with the operator
    role (the desk keeps no shift rota; an operator on leave is made inactive)."""
    from django.contrib.auth import get_user_model

    return (get_user_model().objects.filter(is_active=True, groups__name=OPERATOR)
            .order_by("pk").distinct())


def _confirmers(order_ids: list[int]) -> dict[int, int]:
    """The operator who confirmed each order, when they are still an active operator."""
    active = set(operators_on_shift().values_list("pk", flat=True))
    rows = Order.objects.filter(pk__in=order_ids).values_list("pk", "confirmed_by")
    return {pk: actor for pk, actor in rows if actor in active}


def _last_attempts(order_ids: list[int]) -> dict[int, tuple[str, str]]:
    """(failure reason, courier's note) of each order's last attempt."""
    rows = (DeliveryAttempt.objects.filter(order_id__in=order_ids)
            .order_by("started_at", "id").values_list("order_id", "failure_reason", "note"))
    return {order_id: (reason, note) for order_id, reason, note in rows}  # the last one wins


@transaction.atomic
def control_list_build(*, now: datetime | None = None) -> list[ControlItem]:
    """Put every order a source names on today's list, once: an order with an open item, or
    with an item of today already resolved, is left alone, so running it twice builds the
    same list. Owner: the operator who confirmed the order, else round robin across the
    operators on shift. Returns the items created."""
    now = now or timezone.now()
    day, deadline = control_today(now), control_deadline(now)
    taken = set(ControlItem.objects.filter(Q(resolved_at__isnull=True) | Q(day=day))
                .values_list("order_id", flat=True))
    wanted: dict[int, str] = {}
    for source, reason in SOURCES:
        for order_id in source(now):
            if order_id not in taken and order_id not in wanted:
                wanted[order_id] = reason
    if not wanted:
        return []
    ids = sorted(wanted)
    confirmers, attempts = _confirmers(ids), _last_attempts(ids)
    spread = list(operators_on_shift().values_list("pk", flat=True))
    items, turn = [], 0
    for order_id in ids:
        owner = confirmers.get(order_id)
        if owner is None and spread:
            owner, turn = spread[turn % len(spread)], turn + 1
        failure_reason, courier_note = attempts.get(order_id, ("", ""))
        items.append(ControlItem(order_id=order_id, owner_id=owner, day=day, deadline=deadline,
                                 reason=wanted[order_id], failure_reason=failure_reason,
                                 courier_note=courier_note, created_at=now))
    # A concurrent run's items win (the one-open-item constraint): nothing is doubled.
    return ControlItem.objects.bulk_create(items, ignore_conflicts=True)


# --- resolving ---

def _sent_again(*, order: Order, courier_id: int | None, delivery_date: date | None,
                window_start: datetime | None, window_end: datetime | None, said: dict,
                actor) -> None:
    """`said`: the timeline's phrase; the customer's words go in the control e-mail."""
    if delivery_date is None:
        raise ControlError(_("Say the new delivery date."))
    if allows(order.status, Action.RESEND):
        if not courier_id:
            raise ControlError(_("Choose the courier who takes it again."))
        delivery_resend(order_id=order.pk, courier_id=courier_id, delivery_date=delivery_date,
                        window_start=window_start, window_end=window_end, said=said,
                        actor=actor)
        return
    if order.status == Status.OUT_FOR_DELIVERY:
        raise ControlError(_("Order %(number)s is still on the road: record that it was "
                             "delivered or failed first.") % {"number": order.number})
    # Never left (confirmed, assembling, not yet confirmed): planned again for the new day.
    order_edit(order_id=order.pk, actor=actor, said=said, changes={
        "delivery_date": delivery_date, "window_start": window_start, "window_end": window_end})
    if courier_id and allows(order.status, Action.COURIER):
        courier_assign(order_id=order.pk, courier_id=courier_id, actor=actor)


@transaction.atomic
def control_resolve(*, item_id: int, resolution: str, contact: str, note: str, actor,
                    reason: str = "", courier_id: int | None = None,
                    delivery_date: date | None = None, window_start: datetime | None = None,
                    window_end: datetime | None = None, delivered_at: datetime | None = None,
                    received_by: str = "") -> ControlItem:
    """Take an item off the list: what was done (delivered after all, sent again with a new
    date and window, refunded, cancelled with a reason), how the customer was contacted, and
    `note`, what the customer is told: it goes to them by e-mail, in their language."""
    item = ControlItem.objects.select_for_update().filter(pk=item_id).first()
    if item is None:
        raise ControlError(_("This control item does not exist."))
    if not item.is_open:
        raise ControlError(_("This control item is already resolved."))
    if resolution not in Resolution.values:
        raise ControlError(_("Choose what was done."))
    if contact not in Contact.values:
        raise ControlError(_("Say how the customer was contacted."))
    note, reason, received_by = note.strip(), reason.strip(), received_by.strip()
    if not note:
        raise ControlError(_("Write what the customer is told."))
    if len(note) > NOTE_MAX or len(reason) > REASON_MAX or len(received_by) > 200:
        raise ControlError(_("The text is too long."))
    order_id = item.order_id
    current = Order.objects.get(pk=order_id)
    status = current.status
    if (resolution, status) in ((Resolution.DELIVERED_LATE, Status.DELIVERED),
                                (Resolution.REFUNDED, Status.CANCELLED),
                                (Resolution.CANCELLED, Status.CANCELLED)):
        # Already so (the courier's late report came in, a partner cancelled): nothing to
        # move; the item still records the contact and the customer is still told.
        pass
    elif status in (Status.DELIVERED, Status.CANCELLED):
        raise ControlError(_("Order %(number)s is already %(status)s.") % {
            "number": current.number, "status": current.get_status_display()})
    elif resolution == Resolution.DELIVERED_LATE:
        if delivered_at is None:
            raise ControlError(_("Say when it was delivered."))
        delivery_report_late(order_id=order_id, delivered_at=delivered_at,
                             received_by=received_by, actor=actor,
                             said=order_events.phrase("control_reported"))
    elif resolution == Resolution.SENT_AGAIN:
        _sent_again(order=current, courier_id=courier_id, delivery_date=delivery_date,
                    window_start=window_start, window_end=window_end, actor=actor,
                    said=order_events.phrase("control_sent_again"))
    elif resolution == Resolution.REFUNDED:
        order_cancel(order_id=order_id, actor=actor,
                     reason=": ".join(filter(None, [_("refunded"), reason])))
    else:
        if not reason:
            raise ControlError(_("Say why the order is cancelled."))
        order_cancel(order_id=order_id, reason=reason, actor=actor)
    now = timezone.now()
    item.resolution, item.contact, item.resolution_note = resolution, contact, note
    item.resolved_by = actor if actor is not None and actor.pk else None
    item.resolved_at = now
    item.save(update_fields=["resolution", "contact", "resolution_note", "resolved_by",
                             "resolved_at"])
    order = Order.objects.select_related("customer", "brand").get(pk=order_id)
    # Codes only: the timeline says it in the reader's language (orders.timeline).
    order_events.note(order=order, actor=item.resolved_by, message="",
                      after={"control": item.pk, "resolution": resolution, "contact": contact})
    events.publish(ControlResolved(order_id=order_id, item_id=item.pk, resolution=resolution,
                                   contact=contact, note=note))
    return item


# --- escalating ---

@transaction.atomic
def control_escalate(*, now: datetime | None = None) -> int:
    """Open items past their deadline go to the managers (the banner, the dashboard): marked
    once, so running it again changes nothing. Returns how many were escalated now."""
    now = now or timezone.now()
    return (ControlItem.objects
            .filter(resolved_at__isnull=True, escalated_at__isnull=True, deadline__lte=now)
            .update(escalated_at=now))
