"""Money is a Decimal with a currency. Never a float; never two currencies added together."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


class CurrencyMismatch(ValueError):
    pass


_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def to_decimal(value: Decimal | str | int) -> Decimal:
    """Parse an amount as people and sites write it: '15,000', '15 000', '1,500.50', '12,5'."""
    if isinstance(value, float):
        raise TypeError("money is never a float")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        elif text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # a decimal comma: 12,5
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(f"{value!r} is not an amount") from exc
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not an amount")
    return amount


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self):
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money.amount must be a Decimal")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, quantity: int) -> Money:
        return Money(self.amount * quantity, self.currency)

    def rounded(self) -> Money:
        return Money(self.amount.quantize(CENT, rounding=ROUND_HALF_UP), self.currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(f"cannot combine {self.currency} and {other.currency}")

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency}"

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal("0"), currency)
