"""The domain events of orders (core.events), with the values they carry: plain values only.

Who hears each is listed in the apps' `subscribers.py` (and in the README's table); orders
never imports them. `CustomerQuestion` and `FeedbackLow` are published by the customers app's
status page but belong to the orders domain, so that inquiries, customers' sibling, can hear
them without importing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core import events

from .models import Order


@dataclass(frozen=True, kw_only=True)
class OrderStatusChanged(events.Event):
    """An order moved from one status to another (orders.services.order_move).
    `customer_message`: what the operator wrote for the customer with the move, as written."""

    order_id: int
    version: int
    number: str
    partner_id: int | None
    partner_order_id: str
    status: str
    previous_status: str
    customer_message: str = ""


@dataclass(frozen=True, kw_only=True)
class OrderChanged(events.Event):
    """An operator or a partner changed what the order's parties rely on (date, window,
    address, lines). `event` is the outbox event key of this change (the messages it causes
    carry it, so the edit can say on the timeline who was told); `customer_message`: what the
    operator wrote for the customer, as written."""

    order_id: int
    version: int
    event: str
    before: dict[str, Any]
    after: dict[str, Any]
    customer_message: str = ""


@dataclass(frozen=True, kw_only=True)
class CustomerNotReached(events.Event):
    """The confirmation call went unanswered again, the order staying awaiting the customer
    (the first time is an OrderStatusChanged to awaiting_customer)."""

    order_id: int
    version: int
    customer_message: str = ""


@dataclass(frozen=True, kw_only=True)
class CustomerQuestion(events.Event):
    """A customer asked about their order on the status page."""

    order_id: int
    text: str
    language: str


@dataclass(frozen=True, kw_only=True)
class FeedbackLow(events.Event):
    """A customer rated a delivered order 1 or 2."""

    order_id: int
    rating: int
    comment: str
    language: str


def status_changed(order: Order, *, was: str, customer_message: str = "") -> None:
    events.publish(OrderStatusChanged(
        order_id=order.pk, version=order.version, number=order.number,
        partner_id=order.partner_id, partner_order_id=order.partner_order_id,
        status=order.status, previous_status=was, customer_message=customer_message))


def changed(order: Order, *, event: str, before: dict[str, Any], after: dict[str, Any],
            customer_message: str = "") -> None:
    events.publish(OrderChanged(order_id=order.pk, version=order.version, event=event,
                                before=before, after=after, customer_message=customer_message))


def not_reached(order: Order, *, customer_message: str = "") -> None:
    events.publish(CustomerNotReached(order_id=order.pk, version=order.version,
                                      customer_message=customer_message))
