"""One adapter per feed shape (docs/intake-formats.md section 4): how to ask for the next page, and how
the partner's fields map onto the NormalizedOrder. Adapters only reshape; the intake door
checks the values."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from orders.models import Channel
from orders.normalized import Item, NormalizedOrder, Party


class MalformedPage(ValueError):
    """The page is not the shape this adapter reads."""


@dataclass(frozen=True)
class FeedOrder:
    partner_order_id: str
    is_cancelled: bool
    normalized: NormalizedOrder


@dataclass(frozen=True)
class FeedPage:
    orders: list[FeedOrder]
    # The cursor to save once this page is committed; None: stay (re-read it next poll, so
    # orders appended to the last page are seen and the repeats deduplicated).
    next_cursor: dict | None


class CursorFeed:
    """`{"orders": [...], "next_cursor": "c2" | null}` (Flowwow-like), asked with ?cursor=."""

    name = "cursor"

    def params(self, cursor: dict) -> dict:
        return {"cursor": cursor["cursor"]} if cursor.get("cursor") else {}

    def parse(self, data: Any, *, partner: str) -> FeedPage:
        try:
            rows, after = data["orders"], data["next_cursor"]
        except (KeyError, TypeError) as exc:
            raise MalformedPage(f"missing {exc}") from exc
        return FeedPage(_each(self.order, rows, partner), {"cursor": after} if after else None)

    def order(self, row: dict, *, partner: str) -> FeedOrder:
        buyer, receiver = row.get("buyer") or {}, row.get("receiver") or {}
        delivery = row.get("delivery") or {}
        items = tuple(Item(quantity=line.get("qty", ""), sku=line.get("article") or "",
                           name=line.get("title") or "", unit_price=_amount(line.get("price")))
                      for line in row.get("items") or [])
        total = _amount(row.get("total"))
        return FeedOrder(str(row["id"]), row.get("status") == "cancelled", NormalizedOrder(
            channel=Channel.PARTNER_APP, partner=partner, partner_order_id=str(row["id"]),
            customer=Party(name=buyer.get("name", ""), phone=buyer.get("phone", "")),
            recipient=Party(name=receiver.get("name", ""), phone=receiver.get("phone", ""),
                            address=receiver.get("address", "")),
            items=items, delivery_date=delivery.get("date"), window=delivery.get("interval"),
            card_message=row.get("postcard") or "", is_paid=row.get("status") == "paid",
            currency=row.get("currency") or "AMD", total=total,
            delivery_fee=_implied_fee(total, items), placed_at=row.get("created_at") or "",
        ))


class PagesFeed:
    """`{"page": 1, "pages": 3, "data": [...]}` (menu.am-like), asked with ?page=."""

    name = "pages"

    def params(self, cursor: dict) -> dict:
        return {"page": cursor.get("page", 1)}

    def parse(self, data: Any, *, partner: str) -> FeedPage:
        try:
            page, pages, rows = int(data["page"]), int(data["pages"]), data["data"]
        except (KeyError, TypeError, ValueError) as exc:
            raise MalformedPage(f"missing or bad {exc}") from exc
        return FeedPage(_each(self.order, rows, partner), {"page": page + 1} if page < pages else None)

    def order(self, row: dict, *, partner: str) -> FeedOrder:
        to = row.get("deliverTo") or {}
        items = tuple(Item(quantity=line.get("count", ""), sku=line.get("code") or "",
                           name=line.get("name") or "",
                           unit_price=_unit(line.get("amount"), line.get("count")))
                      for line in row.get("lines") or [])
        window = (f"{row['timeFrom']}-{row['timeTo']}" if row.get("timeFrom") and row.get("timeTo")
                  else None)
        number = str(row["orderNumber"])
        return FeedOrder(number, str(row.get("state", "")).upper() == "CANCELLED", NormalizedOrder(
            channel=Channel.PARTNER_APP, partner=partner, partner_order_id=number,
            customer=Party(name=row.get("customerName", ""), phone=row.get("customerPhone", "")),
            recipient=Party(name=to.get("name", ""), phone=to.get("phone", ""),
                            address=to.get("street", "")),
            items=items, delivery_date=row.get("deliveryDate"), window=window,
            total=_amount(row.get("sum")), currency="AMD",
        ))


def _each(read, rows, partner: str) -> list[FeedOrder]:
    try:
        return [read(row, partner=partner) for row in rows]
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise MalformedPage(f"an order without {exc}") from exc


def _amount(value) -> str | None:
    return None if value is None else str(value)


def _unit(amount, count) -> str | None:
    """menu.am sends each line's amount (price × count); the desk stores unit prices."""
    try:
        return str(Decimal(str(amount)) / int(count)) if amount is not None else None
    except (ArithmeticError, ValueError, TypeError):
        return _amount(amount)


def _implied_fee(total: str | None, items: tuple[Item, ...]) -> str | None:
    """Flowwow states no delivery fee: what its total carries above the lines is the fee. A
    total below the lines is left alone, so the intake door flags the mismatch."""
    try:
        lines = sum(Decimal(item.unit_price) * int(item.quantity) for item in items)
        extra = Decimal(total) - lines
    except (ArithmeticError, ValueError, TypeError):
        return None
    return str(extra) if extra > 0 else None


ADAPTERS = {adapter.name: adapter for adapter in (CursorFeed(), PagesFeed())}
