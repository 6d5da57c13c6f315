"""The order's rules, in one place: its states, the moves between them, what each state allows,
and the total. Services enforce them (refusing with a clear error), pages and the API read
them (`order_actions`) to offer only what the services will accept; nobody else keeps a copy.

A new rule about what may happen to an order in which state goes here, then into the service
that does it; the page follows by itself."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import Order


class Status(models.TextChoices):
    NEW = "new", _("new")
    AWAITING_CUSTOMER = "awaiting_customer", _("awaiting customer")
    CONFIRMED = "confirmed", _("confirmed")
    ASSEMBLING = "assembling", _("assembling")
    OUT_FOR_DELIVERY = "out_for_delivery", _("out for delivery")
    FAILED = "failed", _("delivery failed")
    DELIVERED = "delivered", _("delivered")
    CANCELLED = "cancelled", _("cancelled")


# The state machine: where an order may go from each state (services.transitions.order_move).
NEXT: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.CONFIRMED, Status.AWAITING_CUSTOMER, Status.CANCELLED}),
    Status.AWAITING_CUSTOMER: frozenset({Status.CONFIRMED, Status.CANCELLED}),
    Status.CONFIRMED: frozenset({Status.ASSEMBLING, Status.CANCELLED}),
    Status.ASSEMBLING: frozenset({Status.OUT_FOR_DELIVERY, Status.CANCELLED}),
    Status.OUT_FOR_DELIVERY: frozenset({Status.DELIVERED, Status.FAILED, Status.CANCELLED}),
    # After a failure: out again now, planned again for another date (back to assembling:
    # ready, waiting for its courier), delivered after all (a late report), or cancelled.
    Status.FAILED: frozenset({Status.OUT_FOR_DELIVERY, Status.ASSEMBLING, Status.DELIVERED,
                              Status.CANCELLED}),
    Status.DELIVERED: frozenset(),
    Status.CANCELLED: frozenset(),
}

CLOSED = (Status.DELIVERED, Status.CANCELLED)
# In the queue until delivered or cancelled (also the condition of the queue's partial index).
OPEN = tuple(status for status in Status if status not in CLOSED)
# Before it leaves: its lines, prices and promo code may still change, and a partner may still
# change or cancel it by itself.
BEFORE_DISPATCH = (Status.NEW, Status.AWAITING_CUSTOMER, Status.CONFIRMED, Status.ASSEMBLING)
# Confirmed and not yet out: on the florist's or warehouse's assembly list, holding its stock
# (reserved on confirmation, consumed on delivery, released on cancellation).
IN_PREPARATION = (Status.CONFIRMED, Status.ASSEMBLING)


class Action(models.TextChoices):
    """What a person may do to an order; each is one service function."""

    CONFIRM = "confirm", _("confirm after a call")        # editing.order_confirm_call
    EDIT = "edit", _("change delivery details")           # editing.order_edit
    LINES = "lines", _("change lines and add-ons")        # editing.order_line_*, order_addon_add
    PROMO = "promo", _("apply a promo code")              # promo.order_promo_apply
    ASSEMBLE = "assemble", _("hand to assembly")          # editing.order_handoff_assembly
    COURIER = "courier", _("assign a courier")            # delivery.services.courier_assign
    DISPATCH = "dispatch", _("send out for delivery")     # delivery.services.delivery_dispatch
    FINISH = "finish", _("record the delivery outcome")   # delivery.services.delivery_finish
    RESEND = "resend", _("send again")                    # delivery.services.delivery_resend
    REPORT = "report", _("record a late delivery report")  # delivery.services.delivery_report_late
    CANCEL = "cancel", _("cancel")                        # editing.order_cancel


# Which actions each state allows. A courier is assigned once the customer has confirmed (an
# unconfirmed order may never go out: planning a courier for it is wasted), and again after a
# failed attempt; never once it is on the road or closed.
ALLOWED: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Action.CONFIRM, Action.EDIT, Action.LINES, Action.PROMO, Action.CANCEL}),
    Status.AWAITING_CUSTOMER: frozenset({Action.CONFIRM, Action.EDIT, Action.LINES, Action.PROMO,
                                         Action.CANCEL}),
    Status.CONFIRMED: frozenset({Action.EDIT, Action.LINES, Action.PROMO, Action.ASSEMBLE,
                                 Action.COURIER, Action.CANCEL}),
    Status.ASSEMBLING: frozenset({Action.EDIT, Action.LINES, Action.PROMO, Action.COURIER,
                                  Action.DISPATCH, Action.CANCEL}),
    Status.OUT_FOR_DELIVERY: frozenset({Action.EDIT, Action.FINISH, Action.REPORT, Action.CANCEL}),
    Status.FAILED: frozenset({Action.EDIT, Action.COURIER, Action.DISPATCH, Action.RESEND,
                              Action.REPORT, Action.CANCEL}),
    Status.DELIVERED: frozenset(),
    Status.CANCELLED: frozenset(),
}


def allows(status: str, action: str) -> bool:
    """Whether an order in `status` may take `action` (the services' check)."""
    return action in ALLOWED[status]


def order_actions(order: Order) -> frozenset[str]:
    """What may be done to this order now: its state's actions, less a promo code when it
    already has one. Dispatch also needs an assigned courier (delivery's rule, checked by
    delivery_dispatch), which is not part of the order."""
    actions = ALLOWED[order.status]
    if order.promo_code_id:
        actions -= {Action.PROMO}
    return actions


def lines_subtotal(lines) -> Decimal:
    """What the lines come to: each unit price times its quantity."""
    return sum((line.unit_price * line.quantity for line in lines), start=Decimal("0"))


def order_total(*, subtotal: Decimal, delivery_fee: Decimal, discount: Decimal) -> Decimal:
    """The one total formula: lines plus the delivery fee less the discount, never below zero."""
    return max(subtotal + delivery_fee - discount, Decimal("0"))
