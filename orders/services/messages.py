"""What orders knows of the messages about its orders (notices composes and queues them): how
an outbox row names an order and one change of it, the messages one change queued, and the
timeline's "told" once one has left."""

from __future__ import annotations

from core.domain_events import OutboxSent
from core.models import OutboxMessage

from .. import events
from ..models import Order


def order_about(order_id: int) -> str:
    """How an outbox row names the order it concerns."""
    return f"order:{order_id}"


def order_event_key(order: Order, name: str) -> str:
    """One change of one order (its version) that causes messages, `name` saying which (a
    notice kind, or "changed" for an edit); with the recipient and the channel it is the outbox
    row's unique key, so a change never mails anyone twice."""
    return f"order.{name}:{order.pk}:v{order.version}"


def order_messages(*, order: Order, event: str) -> list[OutboxMessage]:
    """The messages one change of the order queued (every party, every channel)."""
    return list(OutboxMessage.objects.filter(about=order_about(order.pk), event=event)
                .order_by("id"))


def message_sent_note(sent: OutboxSent) -> None:
    """Hears OutboxSent (after commit): the order's timeline says who was told."""
    kind, recipient = sent.kind, sent.recipient
    prefix, _sep, order_id = sent.about.partition(":")
    if prefix != "order" or not order_id.isdigit():
        return
    order = Order.objects.filter(pk=int(order_id)).first()
    if order is not None:
        events.message_sent(order=order, kind=kind, to=recipient)
