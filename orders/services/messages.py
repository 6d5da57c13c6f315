"""Messages to customers: a row first, in the customer's language; a task sends it after commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .. import events
from ..models import CustomerMessage, Order

_SUBJECTS = {
    CustomerMessage.Kind.CONFIRMATION: _("Your order %(number)s is confirmed"),
    CustomerMessage.Kind.NOT_REACHED: _("We could not reach you about order %(number)s"),
    CustomerMessage.Kind.CHANGED: _("Your order %(number)s has changed"),
    CustomerMessage.Kind.TRACKING: _("Tracking number for order %(number)s"),
    CustomerMessage.Kind.FEEDBACK: _("How was order %(number)s?"),
}


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


def customer_message_queue(*, order: Order, kind: str,
                           customer_message: str = "") -> CustomerMessage | None:
    """Write the message now (inside the caller's transaction) and send it once that commits.
    A customer without an e-mail address gets none: the desk calls them instead."""
    if not order.customer.email:
        return None
    language, subject, body = customer_message_compose(order=order, kind=kind,
                                                       customer_message=customer_message)
    message = CustomerMessage.objects.create(order=order, kind=kind, to=order.customer.email,
                                             language=language, subject=subject, body=body)
    _send_after_commit(message.pk)
    return message


def customer_message_retry(*, message_id: int) -> CustomerMessage:
    """Send a failed message again (after the SMTP server is back, say); a sent one stays sent."""
    with transaction.atomic():
        message = CustomerMessage.objects.select_for_update().get(pk=message_id)
        if message.state != CustomerMessage.State.SENT:
            message.state = CustomerMessage.State.PENDING
            message.save(update_fields=["state"])
            _send_after_commit(message.pk)
    return message


def _send_after_commit(message_id: int) -> None:
    from ..tasks import customer_message_send

    transaction.on_commit(lambda: customer_message_send.delay(message_id))


def customer_message_send(*, message_id: int) -> CustomerMessage:
    """Send a pending message once; running it again for a sent message does nothing."""
    with transaction.atomic():
        message = (CustomerMessage.objects.select_for_update().select_related("order__brand")
                   .get(pk=message_id))
        if message.state == CustomerMessage.State.SENT:
            return message
        sender = message.order.brand.email or settings.DEFAULT_FROM_EMAIL
        try:
            EmailMessage(message.subject, message.body, sender, [message.to]).send()
        except OSError as exc:  # SMTP refused or unreachable: kept, shown, retried by the task
            message.state, message.error = CustomerMessage.State.FAILED, str(exc)
            message.save(update_fields=["state", "error"])
            raise
        message.state, message.sent_at, message.error = (CustomerMessage.State.SENT,
                                                         timezone.now(), "")
        message.save(update_fields=["state", "sent_at", "error"])
        events.message_sent(order=message.order, kind=message.kind, to=message.to)
    return message
