"""The small grammar every e-mail layout shares: `Label: value` lines, item lines, amounts."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LABEL_LINE = re.compile(r"^\s*[*_]*(?P<label>[^:\n|]{1,60}?)[*_]*\s*:\s*(?P<value>.*?)\s*$")
_AMOUNT = re.compile(
    r"^(?P<number>\d[\d\s.,'\u202f]*?)\s*(?P<currency>[A-Za-z]{3}|֏|₽|\$|€|руб\.?|драм)?\.?\s*$"
)
_SYMBOLS = {"֏": "AMD", "драм": "AMD", "₽": "RUB", "руб": "RUB", "руб.": "RUB", "$": "USD",
            "€": "EUR"}
_QUANTITY_PRICE = re.compile(r"^\s*(?P<quantity>\d+)\s*[x×хX*]\s*(?P<price>.+?)\s*$")


def label_key(label: str) -> str:
    """How labels compare: case, spacing and a trailing colon do not matter."""
    return " ".join(label.replace("\u00a0", " ").split()).strip(" :").casefold()


def label_line(line: str) -> tuple[str, str] | None:
    match = _LABEL_LINE.match(line)
    if match is None:
        return None
    return label_key(match["label"]), match["value"]


@dataclass(frozen=True)
class Amount:
    number: str  # as written ("15 000"): the intake door turns it into a Decimal
    currency: str  # ISO code, "" when not written


def amount(text: str) -> Amount | None:
    match = _AMOUNT.match((text or "").strip())
    if match is None:
        return None
    currency = match["currency"] or ""
    currency = _SYMBOLS.get(currency.lower(), _SYMBOLS.get(currency, currency.upper()))
    return Amount(match["number"].strip(), currency)


@dataclass(frozen=True)
class ItemLine:
    sku: str
    name: str
    quantity: str
    price: Amount | None


def item_line(line: str) -> ItemLine | None:
    """`SKU | name | quantity x unit price CURRENCY`; the SKU may be empty, the name may hold `|`."""
    parts = line.split("|")
    if len(parts) < 3:
        return None
    match = _QUANTITY_PRICE.match(parts[-1])
    if match is None:
        return None
    return ItemLine(sku=parts[0].strip(), name="|".join(parts[1:-1]).strip(),
                    quantity=match["quantity"], price=amount(match["price"]))
