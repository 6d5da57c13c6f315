"""Demo e-mails for `make run`: a newcomer finds something in every intake screen (an order
with an item the catalog does not know, a pre-order to call, messages waiting in review and
one ignored), all taken through the real intake like any mail. Dated from today, so they stay
inside the intake door's date range whenever the demo is loaded."""

from __future__ import annotations

from datetime import date, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from django.utils import timezone

from channels_intake.models import Source
from channels_intake.services.inbound import inbound_process
from channels_intake.services.store import inbound_store

STOREFRONT = "RG Flowers <orders@flowers.rg.example>"
ORIGIN = "demo"

ORDER_BODY = """Order: {number}
Date: {today} 09:15
Customer: {customer}
Phone: {phone}
Email: {email}
Recipient: Mariam Hakobyan
Recipient phone: 093 55 44 33
Address: Yerevan, Abovyan 10, apt 5
Delivery date: {delivery}
Delivery time: 16:00-19:00
Card message: Happy birthday, dear Mariam!
Anonymous: no
Payment: card
Paid: {paid}
{items}
Subtotal: 24500 AMD
Delivery: 1000 AMD
Total: 25500 AMD
"""
ITEMS = """
Items:
FB-ROSE-25 | Red roses, 25 stems | 1 x 18500 AMD
BL-HEART-GOLD | Gold foil heart balloon | 2 x 3000 AMD
"""


def _mail(*, key: str, sender: str, subject: str, body: str, **headers: str) -> bytes:
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = subject, sender, "desk@rg.example"
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = f"<demo-{key}@rg.example>"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes()


def demo_messages(today: date) -> list[bytes]:
    delivery = (today + timedelta(days=1)).isoformat()
    order = dict(today=today.isoformat(), delivery=delivery, items=ITEMS)
    return [
        # An order whose balloon the catalog does not know: flagged in the queue.
        _mail(key="order-10301", sender=STOREFRONT, subject="[RG Flowers] New order #10301",
              body=ORDER_BODY.format(number="10301", customer="Anna Petrosyan",
                                     phone="+374 91 123456", email="anna.p@example.am",
                                     paid="yes", **order)),
        # A payment that failed at checkout: a pre-order to call.
        _mail(key="preorder-10302", sender=STOREFRONT, subject="[RG Flowers] Pre Order #10302",
              body=ORDER_BODY.format(number="10302", customer="David Ghazaryan",
                                     phone="+374 55 010203", email="david.g@example.am",
                                     paid="no", **order)),
        # The storefront's e-mail without its items: review, a person completes it.
        _mail(key="order-10303", sender=STOREFRONT, subject="[RG Flowers] New order #10303",
              body=ORDER_BODY.format(number="10303", customer="Lilit Sargsyan",
                                     phone="+374 93 445566", email="lilit.s@example.am",
                                     paid="yes", **(order | {"items": ""}))),
        # Looks like the storefront, is not from it: review as an unverified sender.
        _mail(key="forged-10304", sender="RG Flowers <orders@flowers-rg.example.net>",
              subject="[RG Flowers] New order #10304",
              body=ORDER_BODY.format(number="10304", customer="Someone Else",
                                     phone="+374 99 000000", email="x@example.net",
                                     paid="yes", **order)),
        # An out-of-office answer: ignored, with the reason.
        _mail(key="auto-reply", sender="Karen <karen@example.am>",
              subject="Automatic reply: Your order", body="I am away until Monday.",
              Auto_Submitted="auto-replied"),
    ]


def demo_mail_seed(source: Source) -> int:
    """Store and read the demo messages once: a later run (another day's dates) adds none."""
    if source.messages.filter(origin=ORIGIN).exists():
        return 0
    made = 0
    for raw in demo_messages(timezone.localdate()):
        stored = inbound_store(source=source, raw=raw, origin=ORIGIN)
        if stored.is_new:
            inbound_process(message=stored.message)
            made += 1
    return made
