"""Money is a Decimal (never a float) stored beside its currency (a field of its own)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from babel.numbers import (
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
)
from django.conf import settings
from django.utils.translation import get_language

CENT = Decimal("0.01")


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


# --- money as people write it ----------------------------------------------------------------
#
# Babel (CLDR) knows each language's digits, grouping and decimal sign, so we take those from
# it. Its `format_currency` alone does not write amounts as people here do: CLDR (and ISO 4217)
# give the dram two decimals although no luma has been used for decades, Russian CLDR writes
# "AMD" where Yerevan writes "֏", and English runs the code into the number ("AMD59,000.00").
# So the digits and the symbol are ours, the separators Babel's.

# Currencies whose minor unit nobody writes: whole amounts only.
_NO_DECIMALS = {"AMD"}
# The sign people use for a currency, per language, where it differs from CLDR's.
_SYMBOLS = {("hy", "AMD"): "֏", ("ru", "AMD"): "֏", ("hy", "RUB"): "₽"}
# English readers of the desk and the e-mails are often abroad: "AMD 59,000" says which
# currency; "֏" alone many of them would not know.
_CODE_FIRST = {"en"}
NBSP = "\u00a0"


def money_format(amount: Decimal | str | int | None, currency: str,
                 language: str | None = None) -> str:
    """An amount as people write it in `language` (the active one by default):
    hy "59 000 ֏", ru "59 000 ֏", en "AMD 59,000"; "$12", "$12.50", "1 500,50 ₽".
    Thousands grouped (with a no-break space in hy and ru), no decimals for the dram, two for
    the others unless the amount is whole. Empty text for no amount. Display only: the API and
    stored values keep exact decimals."""
    if amount is None or amount == "":
        return ""
    value = to_decimal(amount)
    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    currency = (currency or settings.DEFAULT_CURRENCY).upper()
    whole = currency in _NO_DECIMALS or value == value.to_integral_value()
    value = value.quantize(Decimal("1") if whole else CENT, rounding=ROUND_HALF_UP)
    group, decimal, minus, symbol = _conventions(language, currency)
    number = f"{abs(value):,}".replace(",", "\0").replace(".", decimal).replace("\0", group)
    if value < 0:
        number = minus + number
    if language in _CODE_FIRST:
        if symbol == currency:  # a code, not a sign: "AMD 59,000"
            return f"{symbol}{NBSP}{number}"
        sign = "-" if number.startswith("-") else ""
        return f"{sign}{symbol}{number.removeprefix('-')}"  # "$12.50", "-€3.50"
    return f"{number}{NBSP}{symbol}"


@lru_cache(maxsize=64)
def _conventions(language: str, currency: str) -> tuple[str, str, str, str]:
    """Babel's group and decimal signs and minus sign for `language`, and the currency's sign
    there: looked up once per pair (the queue formats a total on every row)."""
    symbol = _SYMBOLS.get((language, currency)) or get_currency_symbol(currency, locale=language)
    return (get_group_symbol(language), get_decimal_symbol(language),
            get_minus_sign_symbol(language), symbol)
