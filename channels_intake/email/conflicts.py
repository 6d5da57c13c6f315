"""What differs between two readings of storefront orders with the same site number (issue #11:
a forged e-mail sent first with the next site number made the genuine one a silent
"duplicate"). Only the order's substance counts: customer, recipient, items, delivery date and
window, total. New headers, a new Message-ID or another layout of the same order are the same
order, and stay a duplicate."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from core.money import to_decimal
from core.phones import parse_phone

# The fields compared, in the order a person reads them. The include
# templates/channels_intake/_conflicts.html names each one.
FIELDS = ("customer_name", "customer_phone", "customer_email", "recipient_name",
          "recipient_phone", "address", "items", "delivery_date", "window", "total")


def order_differences(first: dict, this: dict) -> list[dict]:
    """[{"field", "first", "this"}] for each field in which two parsed orders (NormalizedOrder
    JSON) differ, the values as written; [] when they are the same order."""
    differences = []
    for name in FIELDS:
        (written_first, key_first), (written_this, key_this) = _read(first, name), _read(this, name)
        if key_first != key_this:
            differences.append({"field": name, "first": written_first, "this": written_this})
    return differences


def _read(order: dict, name: str) -> tuple[str, object]:
    """(the value as written, the value as it compares): spacing and case do not matter, phones
    compare as E.164, amounts as numbers, items as a sorted list."""
    party, _sep, part = name.partition("_")
    if name == "items":
        items = order.get("items") or []
        return ("; ".join(_item(item) for item in items),
                sorted((_words(item.get("sku")), _words(item.get("name")), str(item.get("quantity")),
                        _amount(item.get("unit_price"))) for item in items))
    if name == "total":
        total, currency = order.get("total"), order.get("currency") or ""
        return (f"{total} {currency}".strip() if total not in (None, "") else "",
                (_amount(total), currency.upper()))
    if name == "address":
        written = str((order.get("recipient") or {}).get("address") or "")
    elif party in ("customer", "recipient"):
        written = str((order.get(party) or {}).get(part) or "")
    else:
        written = str(order.get(name) or "")
    if part == "phone":
        phone = parse_phone(written)
        return written, phone.as_e164 if phone is not None else _words(written)
    return written, _words(written)


def _item(item: dict) -> str:
    price = item.get("unit_price")
    text = " ".join(f"{item.get('quantity')} × {item.get('sku') or ''} {item.get('name') or ''}".split())
    return f"{text} @ {price}" if price not in (None, "") else text


def _words(value) -> str:
    return " ".join(str(value or "").split()).casefold()


def _amount(value) -> Decimal | str | None:
    if value in (None, ""):
        return None
    try:
        return to_decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return _words(value)
