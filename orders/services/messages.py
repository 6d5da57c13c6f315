"""Messages about orders: rendered in the reader's language and queued in the outbox
(core/outbox.py) inside the caller's transaction. The outbox sends them after commit, retries
them and shows them in the admin; once one is sent, the order's timeline says so."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.models import OutboxMessage
from core.outbox import email_payload, outbox_put

from .. import events
from ..models import MessageKind, Order

_SUBJECTS = {
    MessageKind.CONFIRMATION: _("Your order %(number)s is confirmed"),
    MessageKind.NOT_REACHED: _("We could not reach you about order %(number)s"),
    MessageKind.CHANGED: _("Your order %(number)s has changed"),
    MessageKind.TRACKING: _("Tracking number for order %(number)s"),
    MessageKind.FEEDBACK: _("How was order %(number)s?"),
    MessageKind.ON_THE_WAY: _("Order %(number)s is on its way"),
    MessageKind.DELIVERED: _("Order %(number)s is delivered"),
    MessageKind.DELIVERY_FAILED: _("We could not deliver order %(number)s"),
    MessageKind.PARCEL_MOVED: _("News of your parcel, order %(number)s"),
    MessageKind.PARCEL_WAITING: _("Order %(number)s waits for you at the post office"),
    MessageKind.CONTROL_RESOLVED: _("About the delivery of order %(number)s"),
    MessageKind.ASSEMBLY_NOTICE: _("Order %(number)s has changed"),
    MessageKind.COURIER_NOTICE: _("Order %(number)s has changed"),
}


def order_about(order_id: int) -> str:
    """How an outbox row names the order it concerns."""
    return f"order:{order_id}"


def order_event_key(order: Order, kind: str) -> str:
    """One change of one order (its version) that causes messages; with the recipient and
    the channel it is the outbox row's unique key, so a change never mails anyone twice."""
    name = "changed" if kind in (MessageKind.ASSEMBLY_NOTICE, MessageKind.COURIER_NOTICE) else kind
    return f"order.{name}:{order.pk}:v{order.version}"


def customer_message_compose(*, order: Order, kind: str,
                             customer_message: str = "") -> tuple[str, str, str]:
    """(language, subject, body) of the e-mail as the customer will get it: what is sent, and
    what the desk previews. `customer_message` is the operator's text, sent as written; an
    internal note has no way in."""
    language = order.customer.language or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = str(_SUBJECTS[kind]) % {"number": order.number}
        body = render_to_string("orders/email/customer_message.txt", {
            "order": order, "kind": kind, "customer_message": customer_message.strip()})
    return language, subject, body


def customer_message_queue(*, order: Order, kind: str, customer_message: str = "",
                           event: str = "") -> OutboxMessage | None:
    """Queue an e-mail to the customer (inside the caller's transaction). A customer without
    an e-mail address gets none: the desk calls them instead. `event` names the cause when it
    is not a new version of the order (a parcel's carrier status, a control item): with the
    recipient and channel it keeps the notice from ever going twice."""
    if not order.customer.email:
        return None
    language, subject, body = customer_message_compose(order=order, kind=kind,
                                                       customer_message=customer_message)
    return outbox_put(channel=OutboxMessage.Channel.EMAIL,
                      event=event or order_event_key(order, kind),
                      recipient=order.customer.email, kind=kind, about=order_about(order.pk),
                      payload=email_payload(subject=subject, body=body,
                                            from_email=order.brand.email) | {"language": language})


def staff_notice_queue(*, order: Order, kind: str, recipient: str, before: dict[str, Any],
                       after: dict[str, Any]) -> OutboxMessage:
    """Queue the notice of a change to the florist or warehouse, or to the courier: what was
    and what is now, in the desk's language."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(_SUBJECTS[kind]) % {"number": order.number}
        body = render_to_string("orders/email/staff_order_changed.txt", {
            "order": order, "changes": [(field, before.get(field, ""), value)
                                        for field, value in after.items()]})
    return outbox_put(channel=OutboxMessage.Channel.EMAIL, event=order_event_key(order, kind),
                      recipient=recipient, kind=kind, about=order_about(order.pk),
                      payload=email_payload(subject=subject, body=body,
                                            from_email=order.brand.email))


def order_messages(*, order: Order, event: str) -> list[OutboxMessage]:
    """The messages one change of the order queued (every party, every channel)."""
    return list(OutboxMessage.objects.filter(about=order_about(order.pk), event=event)
                .order_by("id"))


def message_sent_note(*, about: str, kind: str, recipient: str, **_data: Any) -> None:
    """Subscriber of outbox.sent (after commit): the order's timeline says who was told."""
    prefix, _sep, order_id = about.partition(":")
    if prefix != "order" or not order_id.isdigit():
        return
    order = Order.objects.filter(pk=int(order_id)).first()
    if order is not None:
        events.message_sent(order=order, kind=kind, to=recipient)
