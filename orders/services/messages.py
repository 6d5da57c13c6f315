"""Messages about orders: rendered in the reader's language and queued in the outbox
(core/outbox.py) inside the caller's transaction. The outbox sends them after commit, retries
them and shows them in the admin; once one is sent, the order's timeline says so."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.domain_events import OutboxSent
from core.hooks import Hook
from core.models import OutboxMessage
from core.outbox import email_payload, outbox_put

from .. import events, links
from ..models import BrandNotice, MessageKind, NoticeTemplate, Order

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


# The only names a notice template may use, as `{name}`; anything else is refused by the
# admin's form and left as written by the renderer. What a notice may show the customer who
# ordered: never internal notes, operators, couriers or partners.
PLACEHOLDERS = ("customer_name", "order_number", "delivery_date", "delivery_window",
                "recipient_name", "status_url", "brand_name", "customer_message",
                "tracking_number", "rating_links", "order_details")
_PLACEHOLDER = re.compile(r"\{([a-z_]{1,40})\}")

# Notices that a higher floor may hold back for an order (e.g. delivery: "on the way" for a
# parcel, whose tracking notice says it). kind -> predicates(order) -> True to skip.
NOTICE_SKIPS: Hook[Callable[[Order], bool]] = Hook(
    "notice skips", "a notice kind -> rule(order): True holds this notice back for the order")


def placeholders_unknown(text: str) -> list[str]:
    """The `{names}` in `text` that are not placeholders (the admin refuses them)."""
    return sorted({name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def placeholders_fill(text: str, values: dict[str, str]) -> str:
    """`{name}` replaced by its value; no other syntax, no attribute access, no tags."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def notice_values(*, order: Order, kind: str, customer_message: str = "",
                  tracking_number: str = "") -> dict[str, str]:
    """What the placeholders of one notice stand for (in the active language). The parcel's
    tracking number comes from delivery, which sends the parcel notices."""
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
        values["order_details"] = render_to_string("orders/email/order_details.txt",
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
        body = placeholders_fill(body, values)
        body = _tidy(body)
        return (language, _tidy(placeholders_fill(subject, values)).replace("\n", " ")[:200],
                body, _tidy(placeholders_fill(sms, values)).strip())


def customer_message_compose(*, order: Order, kind: str,
                             customer_message: str = "") -> tuple[str, str, str]:
    """(language, subject, body) of the e-mail as the customer will get it: what is sent, and
    what the desk previews. `customer_message` is the operator's text, sent as written; an
    internal note has no way in."""
    language, subject, body, _sms = customer_notice_compose(
        order=order, kind=kind, customer_message=customer_message)
    return language, subject, body


def brand_notice_switches(*, order: Order, kind: str) -> tuple[bool, bool]:
    """(e-mail, SMS) for this brand and kind; no row: e-mail on, SMS off."""
    row = BrandNotice.objects.filter(brand_id=order.brand_id, kind=kind).first()
    return (row.email, row.sms) if row else (True, False)


def customer_message_queue(*, order: Order, kind: str, customer_message: str = "",
                           event: str = "", tracking_number: str = "") -> OutboxMessage | None:
    """Queue the notice to the customer who ordered (never the recipient), inside the
    caller's transaction: an e-mail when the brand sends this kind by e-mail and the customer
    has an address, an SMS beside it when the brand sends it by SMS and the template has an
    SMS text. `event` names the cause when it is not a new version of the order (a parcel's
    carrier status, a control item): with the recipient and channel it keeps the notice from
    ever going twice. Returns the e-mail row (or the SMS row when there is no e-mail)."""
    if kind in NOTICE_SKIPS and NOTICE_SKIPS[kind](order):
        return None
    by_email, by_sms = brand_notice_switches(order=order, kind=kind)
    by_email, by_sms = by_email and bool(order.customer.email), by_sms and bool(order.customer.phone)
    if not (by_email or by_sms):
        return None
    language, subject, body, sms = customer_notice_compose(
        order=order, kind=kind, customer_message=customer_message,
        tracking_number=tracking_number)
    key, about = event or order_event_key(order, kind), order_about(order.pk)
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
                             payload={"text": sms, "language": language})
    return email_row or sms_row


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


def message_sent_note(sent: OutboxSent) -> None:
    """Hears OutboxSent (after commit): the order's timeline says who was told."""
    kind, recipient = sent.kind, sent.recipient
    prefix, _sep, order_id = sent.about.partition(":")
    if prefix != "order" or not order_id.isdigit():
        return
    order = Order.objects.filter(pk=int(order_id)).first()
    if order is not None:
        events.message_sent(order=order, kind=kind, to=recipient)
