"""Notices about orders: rendered in the reader's language and queued in the outbox
(core/outbox.py) inside the caller's transaction. The outbox sends them after commit, retries
them and shows them in the admin; once one is sent, the order's timeline says so (orders hears
OutboxSent). What causes each notice is in notices/handlers.py."""

from __future__ import annotations

import logging
import re
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.models import OutboxMessage
from core.outbox import email_payload, outbox_put
from core.placeholders import PlaceholdersRefused, placeholders_fill
from orders import links
from orders.models import Order
from orders.services import order_about, order_event_key

from .models import BrandNotice, MessageKind, NoticeTemplate
from .quiet import quiet_until

logger = logging.getLogger(__name__)

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


def notice_event_key(order: Order, kind: str) -> str:
    """One change of one order (its version) that causes notices; with the recipient and the
    channel it is the outbox row's unique key, so a change never mails anyone twice. The
    florist's and the courier's notices of a change share the customer's key ("changed")."""
    name = "changed" if kind in (MessageKind.ASSEMBLY_NOTICE, MessageKind.COURIER_NOTICE) else kind
    return order_event_key(order, name)


# The only names a notice template may use, as `{name}` (core.placeholders); anything else is
# refused by the admin's form. What a notice may show the customer who ordered: never internal
# notes, operators, couriers or partners.
PLACEHOLDERS = ("customer_name", "order_number", "delivery_date", "delivery_window",
                "recipient_name", "status_url", "brand_name", "customer_message",
                "tracking_number", "rating_links", "order_details")


def notice_values(*, order: Order, kind: str, customer_message: str = "",
                  tracking_number: str = "") -> dict[str, str]:
    """What the placeholders of one notice stand for (in the active language). The parcel's
    tracking number comes with delivery's parcel events (notices/handlers.py)."""
    window = ""
    if order.window_start and order.window_end:
        start, end = (timezone.localtime(order.window_start),
                      timezone.localtime(order.window_end))
        window = f"{start:%H:%M}\u2013{end:%H:%M}"
    values = {
        "customer_name": order.customer.name or "",
        "order_number": order.number,
        "delivery_date": order.delivery_date.strftime("%d.%m.%Y"),
        "delivery_window": window,
        "recipient_name": order.recipient_name,
        "status_url": links.status_url(order),
        "brand_name": order.brand.name,
        "customer_message": customer_message.strip(),
        "tracking_number": tracking_number,
        "rating_links": "",
        "order_details": "",
    }
    if kind in _DETAILED:  # what the customer is asked to check: recipient, address, lines
        values["order_details"] = render_to_string("notices/email/order_details.txt",
                                                   {"order": order}).strip()
    if kind == MessageKind.FEEDBACK:
        values["rating_links"] = "\n".join(f"{'*' * n}  {links.rating_url(order, n)}"
                                            for n in range(5, 0, -1))
    return values


_DETAILED = {MessageKind.CONFIRMATION, MessageKind.NOT_REACHED, MessageKind.CHANGED}


def _template(order: Order, kind: str, language: str) -> NoticeTemplate | None:
    """The template in the customer's language, else the site's, else English. Read once per
    order object (a page that previews two notices reads them once)."""
    rows = getattr(order, "_notice_templates", None)
    if rows is None:
        rows = {(row.kind, row.language): row for row in NoticeTemplate.objects.filter(
            language__in={language, settings.LANGUAGE_CODE, "en"})}
        order._notice_templates = rows
    return (rows.get((kind, language)) or rows.get((kind, settings.LANGUAGE_CODE))
            or rows.get((kind, "en")))


def _fallback(kind: str) -> tuple[str, str]:
    """When no template exists (never after the seed migration): the built-in subject."""
    subject = str(_SUBJECTS[kind]) % {"number": "{order_number}"}
    body = str(_("Hello {customer_name},")) + "\n\n" + subject + ".\n{customer_message}\n\n" \
        + str(_("Where your order is: {status_url}")) + "\n\n{brand_name}\n"
    return subject, body


def _tidy(text: str) -> str:
    """What an empty placeholder leaves: a space before a stop, two spaces, empty lines."""
    text = re.sub(r"[ \t]+([.,!?։:])", r"\1", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return re.sub(r"\n{3,}", "\n\n", text)


def customer_notice_compose(*, order: Order, kind: str, customer_message: str = "",
                            tracking_number: str = "") -> tuple[str, str, str, str]:
    """(language, subject, body, sms text) as the customer will get them."""
    language = order.customer.language or settings.LANGUAGE_CODE
    with translation.override(language):
        template = _template(order, kind, language)
        subject, body, sms = ((template.subject, template.body, template.sms) if template
                              else (*_fallback(kind), ""))
        values = notice_values(order=order, kind=kind, customer_message=customer_message,
                               tracking_number=tracking_number)
        if values["customer_message"] and "{customer_message}" not in body:
            body = body.rstrip() + "\n\n{customer_message}\n"
        try:
            subject, body, sms = (placeholders_fill(text, values, empty_ok=True)
                                  for text in (subject, body, sms))
        except PlaceholdersRefused:
            # A stored text the admin would refuse (written before it checked): the built-in
            # one, so the change that causes the notice is never held up by it.
            logger.error("notice template %s (%s) names unknown placeholders", kind, language)
            subject, body = (placeholders_fill(text, values, empty_ok=True)
                             for text in _fallback(kind))
            sms = ""
        return (language, _tidy(subject).replace("\n", " ")[:200], _tidy(body),
                _tidy(sms).strip())


def customer_message_compose(*, order: Order, kind: str,
                             customer_message: str = "") -> tuple[str, str, str]:
    """(language, subject, body) of the e-mail as the customer will get it: what is sent, and
    what the desk previews. `customer_message` is the operator's text, sent as written; an
    internal note has no way in."""
    language, subject, body, _sms = customer_notice_compose(
        order=order, kind=kind, customer_message=customer_message)
    return language, subject, body


def customer_message_preview(*, order: Order, action: str, reached: bool = True,
                             customer_message: str = "") -> dict[str, str] | None:
    """The e-mail that `order_confirm_call` (action "confirm") or `order_edit` ("edit") causes
    for the customer, exactly as it will be sent; None when the customer has no e-mail
    address. The desk shows it to the operator before they act."""
    if not order.customer.email:
        return None
    if action == "edit":
        kind = MessageKind.CHANGED
    else:
        kind = MessageKind.CONFIRMATION if reached else MessageKind.NOT_REACHED
    _language, subject, body = customer_message_compose(order=order, kind=kind,
                                                        customer_message=customer_message)
    return {"to": order.customer.email, "subject": subject, "body": body}


def brand_notice_switches(*, order: Order, kind: str) -> tuple[bool, bool]:
    """(e-mail, SMS) for this brand and kind; no row: e-mail on, SMS off."""
    row = BrandNotice.objects.filter(brand_id=order.brand_id, kind=kind).first()
    return (row.email, row.sms) if row else (True, False)


def customer_message_queue(*, order: Order, kind: str, customer_message: str = "",
                           event: str = "", tracking_number: str = "") -> OutboxMessage | None:
    """Queue the notice to the customer who ordered (never the recipient), inside the
    caller's transaction: an e-mail when the brand sends this kind by e-mail and the customer
    has an address, an SMS beside it when the brand sends it by SMS and the template has an
    SMS text (held in the outbox until the quiet hours end, notices/quiet.py). `event` names
    the cause when it is not a new version of the order (a parcel's carrier status, a control
    item): with the recipient and channel it keeps the notice from ever going twice. Returns
    the e-mail row (or the SMS row when there is no e-mail)."""
    by_email, by_sms = brand_notice_switches(order=order, kind=kind)
    by_email, by_sms = by_email and bool(order.customer.email), by_sms and bool(order.customer.phone)
    if not (by_email or by_sms):
        return None
    language, subject, body, sms = customer_notice_compose(
        order=order, kind=kind, customer_message=customer_message,
        tracking_number=tracking_number)
    key, about = event or notice_event_key(order, kind), order_about(order.pk)
    email_row = sms_row = None
    if by_email:
        email_row = outbox_put(channel=OutboxMessage.Channel.EMAIL, event=key,
                               recipient=order.customer.email, kind=kind, about=about,
                               payload=email_payload(subject=subject, body=body,
                                                     from_email=order.brand.email)
                               | {"language": language})
    if by_sms and sms:
        sms_row = outbox_put(channel=OutboxMessage.Channel.SMS, event=key,
                             recipient=order.customer.phone.as_e164, kind=kind, about=about,
                             payload={"text": sms, "language": language},
                             not_before=quiet_until(timezone.now()))
    return email_row or sms_row


def staff_notice_queue(*, order: Order, kind: str, recipient: str, before: dict[str, Any],
                       after: dict[str, Any]) -> OutboxMessage:
    """Queue the notice of a change to the florist or warehouse, or to the courier: what was
    and what is now, in the desk's language."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(_SUBJECTS[kind]) % {"number": order.number}
        body = render_to_string("notices/email/staff_order_changed.txt", {
            "order": order, "changes": [(field, before.get(field, ""), value)
                                        for field, value in after.items()]})
    return outbox_put(channel=OutboxMessage.Channel.EMAIL, event=notice_event_key(order, kind),
                      recipient=recipient, kind=kind, about=order_about(order.pk),
                      payload=email_payload(subject=subject, body=body,
                                            from_email=order.brand.email))
