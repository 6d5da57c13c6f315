"""What each event the desk hears says, and to whom (notices/subscribers.py lists them). Every
handler runs inside the publisher's transaction, so a notice's outbox row commits or rolls
back with the change that caused it, and its event key keeps it from ever going twice."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from delivery import selectors as delivery_selectors
from delivery.domain_events import ControlResolved, ParcelHanded, ParcelMoved, ParcelWaitingLong
from orders.domain_events import CustomerNotReached, OrderChanged, OrderStatusChanged
from orders.models import Order, Status
from orders.rules import IN_PREPARATION

from .models import MessageKind
from .services import customer_message_queue, staff_notice_queue

# What the customer is told when an order reaches a status.
_ON_STATUS = {
    Status.CONFIRMED: MessageKind.CONFIRMATION,
    Status.AWAITING_CUSTOMER: MessageKind.NOT_REACHED,
    Status.OUT_FOR_DELIVERY: MessageKind.ON_THE_WAY,
    Status.DELIVERED: MessageKind.DELIVERED,
    Status.FAILED: MessageKind.DELIVERY_FAILED,
}


def _order(order_id: int) -> Order:
    return Order.objects.select_related("customer", "brand").get(pk=order_id)


def status_notice(moved: OrderStatusChanged) -> None:
    """The customer hears of the statuses that concern them. A parcel's "on the way" is its
    tracking notice (with the number, on ParcelHanded), not a second one."""
    kind = _ON_STATUS.get(moved.status)
    if kind is None:
        return
    if kind == MessageKind.ON_THE_WAY and delivery_selectors.goes_as_parcel(moved.order_id):
        return
    customer_message_queue(order=_order(moved.order_id), kind=kind,
                           customer_message=moved.customer_message)


def not_reached_notice(missed: CustomerNotReached) -> None:
    """Not reached again: another "could not reach you", with the operator's words."""
    customer_message_queue(order=_order(missed.order_id), kind=MessageKind.NOT_REACHED,
                           customer_message=missed.customer_message)


def change_notices(changed: OrderChanged) -> None:
    """Everyone a change affects, where they have an address: the florist or warehouse (the
    brand's assembly e-mail) while the order is being prepared, the assigned courier, the
    customer (with the operator's words). All under the change's event key, which the edit
    reads back to say on the timeline who was told."""
    order, before, after = _order(changed.order_id), changed.before, changed.after
    if order.status in IN_PREPARATION and order.brand.assembly_email:
        staff_notice_queue(order=order, kind=MessageKind.ASSEMBLY_NOTICE,
                           recipient=order.brand.assembly_email, before=before, after=after)
    courier = delivery_selectors.assigned_courier(order.pk)
    if courier is not None and courier.email:
        staff_notice_queue(order=order, kind=MessageKind.COURIER_NOTICE,
                           recipient=courier.email, before=before, after=after)
    customer_message_queue(order=order, kind=MessageKind.CHANGED,
                           customer_message=changed.customer_message)


def tracking_notice(handed: ParcelHanded) -> None:
    """The tracking number (and where to follow it) goes to the customer in their language."""
    order = _order(handed.order_id)
    with translation.override(order.customer.language or settings.LANGUAGE_CODE):
        lines = [_("Carrier: %(carrier)s") % {"carrier": handed.carrier}] if handed.carrier else []
        if handed.tracking_url:
            lines.append(_("Follow it here: %(url)s") % {"url": handed.tracking_url})
    customer_message_queue(order=order, kind=MessageKind.TRACKING,
                           customer_message="\n".join(lines),
                           tracking_number=handed.tracking_number)


def _parcel_notice(*, order_id: int, parcel_event_id: int, status: str, location: str,
                   waiting: bool, tracking_number: str, tracking_url: str,
                   reminder: bool = False) -> None:
    """The customer hears of the parcel's status in their language, once for this status
    (and, when it waits at the post office, once more as a reminder)."""
    order = _order(order_id)
    said = f"{status} · {location}" if location else status
    with translation.override(order.customer.language or settings.LANGUAGE_CODE):
        lines = [_("Status: %(status)s") % {"status": said}]
        if tracking_url:
            lines.append(_("Follow it here: %(url)s") % {"url": tracking_url})
    customer_message_queue(
        order=order, event=f"parcel:{parcel_event_id}" + (":reminder" if reminder else ""),
        kind=MessageKind.PARCEL_WAITING if waiting else MessageKind.PARCEL_MOVED,
        customer_message="\n".join(lines), tracking_number=tracking_number)


def parcel_notice(moved: ParcelMoved) -> None:
    """A parcel moved or waits at the post office. Delivered: the order's own "delivered"
    notice says it (the delivery finishes with this status)."""
    if moved.delivered:
        return
    _parcel_notice(order_id=moved.order_id, parcel_event_id=moved.parcel_event_id,
                   status=moved.status, location=moved.location, waiting=moved.waiting,
                   tracking_number=moved.tracking_number, tracking_url=moved.tracking_url)


def parcel_reminder(waiting: ParcelWaitingLong) -> None:
    """A parcel still waits at the post office: one reminder per waiting status."""
    _parcel_notice(order_id=waiting.order_id, parcel_event_id=waiting.parcel_event_id,
                   status=waiting.status, location=waiting.location, waiting=True,
                   tracking_number=waiting.tracking_number, tracking_url=waiting.tracking_url,
                   reminder=True)


def control_notice(resolved: ControlResolved) -> None:
    """After a missed delivery is resolved, the customer reads what the operator says."""
    customer_message_queue(order=_order(resolved.order_id), kind=MessageKind.CONTROL_RESOLVED,
                           customer_message=resolved.note, event=f"control:{resolved.item_id}")
