"""Order e-mails of partners abroad, read with their layouts kept as data (PartnerLayout rows)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.money import to_decimal
from orders.models import Channel
from orders.normalized import Item, NormalizedOrder, Party

from . import lines
from .mime import Letter
from .website import Unreadable, read_fields

REQUIRED = ("recipient_name", "address", "delivery_date", "amount")
# A layout's field -> the order's path, as channels_intake.review.unread_paths gives them.
_PATHS = {"recipient_name": "recipient.name", "address": "recipient.address",
          "amount": "total"}


@dataclass
class LayoutReader:
    name: str
    partner_code: str
    sender_contains: str
    subject_pattern: re.Pattern | None
    fields: dict[str, str]
    labels: dict[str, str]
    default_currency: str

    @classmethod
    def from_row(cls, row) -> LayoutReader:
        fields, labels = {}, {}
        for name, written in (row.labels or {}).items():
            for spelling in written if isinstance(written, list) else [written]:
                if isinstance(spelling, str) and spelling.strip():
                    fields[lines.label_key(spelling)] = name
                    labels.setdefault(name, spelling)
        try:
            pattern = re.compile(row.subject_pattern, re.IGNORECASE) if row.subject_pattern else None
        except re.error:
            pattern = None  # a broken pattern in the admin must not stop the intake
        return cls(name=row.name, partner_code=row.partner_code,
                   sender_contains=(row.sender_contains or "").strip().lower(),
                   subject_pattern=pattern, fields=fields, labels=labels,
                   default_currency=row.default_currency or "USD")

    def matches(self, letter: Letter) -> bool:
        if self.sender_contains and self.sender_contains in letter.sender:
            return True
        return bool(self.subject_pattern and self.subject_pattern.search(letter.subject))

    def order(self, letter: Letter) -> NormalizedOrder:
        v = read_fields(letter.text, self.fields).values
        reference = v.get("partner_order_id", "")
        if not reference and self.subject_pattern:
            match = self.subject_pattern.search(letter.subject)
            reference = (match.groupdict().get("ref") or "") if match else ""
        missing = [name for name in ("partner_order_id", *REQUIRED)
                   if not (reference if name == "partner_order_id" else v.get(name))]
        problems = []
        if missing:
            problems.append(_("partner layout %(layout)s: no %(labels)s") % {
                "layout": self.name,
                "labels": ", ".join(self.labels.get(name, name) for name in missing)})
        stated = lines.amount(v["amount"]) if v.get("amount") else None
        if v.get("amount") and stated is None:
            problems.append(_("%(label)s %(value)s is not an amount")
                            % {"label": self.labels.get("amount"), "value": v["amount"]})
        quantity = v.get("quantity") or "1"
        unit_price = stated.number if stated else None
        try:
            count = int(quantity)
            if count > 1 and stated:  # the partner states what the whole order costs
                unit_price = str((to_decimal(stated.number) / count).quantize(
                    Decimal("0.01"), rounding=ROUND_HALF_UP))
        except (ValueError, InvalidOperation):
            pass  # the intake door reports the bad quantity
        # What could not be read, as the review form marks it (issue 17).
        unread = [_PATHS.get(name, name) for name in missing]
        if stated is None:
            unread += ["total", "items"]
        normalized = NormalizedOrder(
            channel=Channel.PARTNER_EMAIL, partner=self.partner_code,
            partner_order_id=reference.strip(),
            customer=Party(name=v.get("sender_name", ""), phone=v.get("sender_phone", ""),
                           email=v.get("sender_email", "")),
            recipient=Party(name=v.get("recipient_name", ""), phone=v.get("recipient_phone", ""),
                            address=v.get("address", "")),
            items=(Item(sku=v.get("product_code", ""), name=v.get("product", ""),
                        quantity=quantity, unit_price=unit_price),),
            delivery_date=v.get("delivery_date"), window=v.get("delivery_window") or None,
            card_message=v.get("card_message", ""), customer_comment=v.get("instructions", ""),
            currency=(stated.currency if stated else "") or self.default_currency,
            total=stated.number if stated else None,
            extra={"layout": self.name, **({"unread": unread} if problems else {})},
        )
        if problems:
            raise Unreadable("; ".join(problems), partial=normalized)
        return normalized
