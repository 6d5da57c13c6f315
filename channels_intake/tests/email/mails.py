"""Storefront e-mails built in code, for tests and the benchmark: as the samples, any number."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from django.utils import timezone

BODY_EN = """\
Order: {number}
Date: 2026-11-21 08:55
Customer: Anna Petrosyan
Phone: +374 91 123456
Email: anna.p@example.am
Recipient: Mariam Hakobyan
Recipient phone: 093 55 44 33
Address: Yerevan, Abovyan 10, apt 5
Delivery date: {delivery_date}
Delivery time: 10:00-13:00
Card message: Happy birthday, dear Mariam!
Anonymous: no
Payment: card
Paid: yes

Items:
FB-ROSE-25 | Red roses, 25 stems | 1 x 18500 AMD
BL-HEART | Foil balloon heart | 2 x 3000 AMD

Subtotal: 24500 AMD
Delivery: 1000 AMD
Total: 25500 AMD
"""


def delivery_day() -> str:
    """The delivery date the mails carry unless told: the day after tomorrow (a fixed one
    leaves the range intake accepts within a year)."""
    return (timezone.localdate() + timedelta(days=2)).isoformat()


def html_of(text: str) -> str:
    rows = []
    for line in text.splitlines():
        label, sep, value = line.partition(": ")
        if sep and "|" not in line:
            rows.append(f"<tr><th align=left>{label}</th><td>{value}</td></tr>")
        elif line.strip():
            rows.append(f"<tr><td colspan=2>{line}</td></tr>")
    return f"<html><body><h2>Order notification</h2><table border=1>{''.join(rows)}</table></body></html>"


def website_mail(number: int | str = 10234, *, body: str | None = None, subject: str | None = None,
                 charset: str = "utf-8", html: bool = True, html_only: bool = False,
                 delivery_date: str | None = None, message_id: str | None = "auto",
                 brand: str = "RG Flowers", sender: str = "orders@flowers.rg.example",
                 cte: str | None = None) -> bytes:
    text = (body or BODY_EN).format(number=number, delivery_date=delivery_date or delivery_day())
    message = EmailMessage()
    message["Subject"] = subject or f"[{brand}] New order #{number}"
    message["From"] = f"{brand} <{sender}>"
    message["To"] = "desk@rg.example"
    message["Date"] = "Sat, 21 Nov 2026 09:00:00 +0400"
    if message_id == "auto":
        message["Message-ID"] = make_msgid(domain="flowers.rg.example")
    elif message_id:
        message["Message-ID"] = message_id
    if html_only:
        message.set_content(html_of(text), subtype="html", charset=charset, cte=cte)
    else:
        message.set_content(text, charset=charset, cte=cte)
        if html:
            message.add_alternative(html_of(text), subtype="html")
    return message.as_bytes()
