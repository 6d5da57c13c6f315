"""The order state machine. One function moves an order; the allowed moves are data (rules.NEXT)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from catalog import services as catalog_services

from .. import capacity, domain_events, events
from ..exceptions import StaleOrder, TransitionRefused
from ..models import Order, Status
from ..rules import NEXT


def order_lock(*, order_id: int, expected_version: int | None) -> Order:
    """The order, row-locked for this transaction, refused if someone changed it since the
    caller read `expected_version` (None: the caller acts on whatever is current)."""
    order = Order.objects.select_for_update().get(pk=order_id)
    if expected_version is not None and order.version != expected_version:
        raise StaleOrder(order_number=order.number, expected=expected_version,
                         actual=order.version)
    return order


def order_bump(order: Order, *fields: str) -> None:
    order.version += 1
    order.save(update_fields=[*fields, "version", "updated_at"])


@transaction.atomic
def order_move(*, order_id: int, to: str, actor=None, system: str = "",
               expected_version: int | None = None, note: str = "", said: dict | None = None,
               customer_message: str = "") -> Order:
    """Move an order to `to` if the machine allows it from where it is.

    Confirming reserves stock (all lines or none: OutOfStock otherwise) and writes when and by
    whom the order was confirmed (`confirmed_at`, `confirmed_by`); cancelling releases
    it; delivery consumes it. Cancelling or failing gives the order's place in its window back
    (orders.capacity); sending a failed order again takes one. The customer is told where a
    notice belongs (notices hears it).
    `note` is internal (the timeline only, as a person wrote it; `said`: what the desk says
    instead, an events.phrase); `customer_message` goes into the customer's e-mail as written."""
    order = order_lock(order_id=order_id, expected_version=expected_version)
    if to not in NEXT[order.status]:
        raise TransitionRefused(order_number=order.number, current=order.get_status_display(),
                                wanted=Status(to).label)
    lines = list(order.lines.select_related("product").prefetch_related("reservations"))
    if to == Status.CONFIRMED:
        taken = catalog_services.stock_reserve(lines=lines)
        if taken:
            events.stock_changed(order=order, reserved=True, lines=taken, actor=actor,
                                 system=system)
    elif to == Status.CANCELLED:
        released = catalog_services.stock_release(lines=lines)
        if released:
            events.stock_changed(order=order, reserved=False, lines=released, actor=actor,
                                 system=system)
    elif to == Status.DELIVERED:
        catalog_services.stock_consume(lines=lines)

    was, order.status = order.status, to
    changed = ["status"]
    if to in (Status.CANCELLED, Status.FAILED):
        capacity.give_back(order)  # the place in its window is free again
    elif was == Status.FAILED and to in capacity.HOLDS_PLACE:
        # Sent again: it takes a place again, kept and marked when the window is full.
        if capacity.take(order, capacity.Ask(actor=actor)):
            order.over_capacity = True
            changed.append("over_capacity")
    if to == Status.CONFIRMED and order.confirmed_at is None:
        order.confirmed_at, order.confirmed_by = timezone.now(), actor
        changed += ["confirmed_at", "confirmed_by"]
    order_bump(order, *changed)
    events.status_changed(order=order, was=was, actor=actor, system=system, note=note, said=said)
    # Who listens (partner webhooks and the customer's notice, written into the outbox in this
    # transaction; the dashboard after commit) is theirs: see their subscribers.py.
    domain_events.status_changed(order, was=was, customer_message=customer_message)
    return order
