"""The one intake contract. Every channel (e-mail parser, feed adapter, partner API, the
operator's quick-entry form) builds a NormalizedOrder and hands it to `services.intake`.

Values are kept as the channel gave them (phones as people type them, dates as text or
`date`, amounts as text or Decimal): the intake door validates them all at once and reports
every bad field, so no channel re-implements those rules."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Party:
    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""  # the recipient's delivery address
    language: str = ""  # the customer's language, when the channel knows it


@dataclass(frozen=True)
class Item:
    quantity: int | str
    sku: str = ""
    name: str = ""
    unit_price: Decimal | str | None = None  # None: take the catalog price
    is_upsell: bool = False


@dataclass(frozen=True)
class NormalizedOrder:
    channel: str  # orders.models.Channel value
    customer: Party
    recipient: Party
    items: tuple[Item, ...]
    delivery_date: date | str | None
    is_preorder: bool = False
    brand: str = ""  # Brand.code; a partner's brand when empty
    site_number: str = ""
    partner: str = ""  # Partner.code
    partner_order_id: str = ""
    window: str | tuple[time, time] | None = None  # "10:00-13:00"
    card_message: str = ""
    is_anonymous: bool = False
    customer_comment: str = ""
    payment_method: str = ""  # card, cash, bank_transfer, idram; "" when not stated
    is_paid: bool = False
    promo_code: str = ""
    currency: str = "AMD"
    delivery_fee: Decimal | str | None = None
    discount: Decimal | str | None = None
    total: Decimal | str | None = None  # as the channel stated it: checked, never corrected
    placed_at: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe copy (for a lead's details, an inbound message's parse result)."""
        return _jsonable(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NormalizedOrder:
        data = dict(data)
        data["customer"] = Party(**data["customer"])
        data["recipient"] = Party(**data["recipient"])
        data["items"] = tuple(Item(**item) for item in data["items"])
        if isinstance(data.get("window"), list):
            data["window"] = "-".join(data["window"])
        return cls(**data)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | time):
        return value.isoformat(timespec="minutes") if isinstance(value, time) else value.isoformat()
    return value
