"""What an order keyed so far comes to, by the intake door's own rules: quick entry's running
summary while the customer is on the line. Nothing is written."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..normalized import NormalizedOrder
from ..rules import lines_subtotal, order_total
from .validation import CleanLine, _amount, _Errors, _lines, intake_limits


@dataclass(frozen=True)
class Quote:
    lines: tuple[CleanLine, ...]
    currency: str
    subtotal: Decimal
    delivery_fee: Decimal
    discount: Decimal
    total: Decimal
    problems: tuple[str, ...]  # what could not be priced (a line without a price, a bad amount)


def order_quote(*, normalized: NormalizedOrder) -> Quote:
    """The lines priced as intake prices them (the catalog's price unless one was stated), the
    stated fee and discount, and the total by the one total formula. Only the lines and
    amounts are looked at: the customer, recipient and date may not be keyed yet."""
    errors, limits = _Errors(), intake_limits()
    lines = [line for line in (_lines(normalized, limits, errors) if normalized.items else [])
             if line.quantity]
    fee = _amount(normalized.delivery_fee, "delivery_fee", errors, limits.max_amount)
    discount = _amount(normalized.discount, "discount", errors, limits.max_amount)
    fee, discount = fee or Decimal("0"), discount or Decimal("0")
    subtotal = lines_subtotal(lines)
    return Quote(lines=tuple(lines), currency=normalized.currency, subtotal=subtotal,
                 delivery_fee=fee, discount=discount,
                 total=order_total(subtotal=subtotal, delivery_fee=fee, discount=discount),
                 problems=tuple(message for problems in errors.values()
                                for _code, message in problems))
