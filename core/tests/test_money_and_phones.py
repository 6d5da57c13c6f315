from decimal import Decimal

import pytest

from core.money import to_decimal
from core.phones import parse_phone, phone_search_variants


@pytest.mark.parametrize(("text", "amount"), [
    ("15,000", "15000"), ("15 000", "15000"), ("1,500.50", "1500.50"), ("12,5", "12.5"),
    ("25500", "25500"), ("65.00", "65.00"), ("15\u00a0000", "15000"), ("1,234,567", "1234567"),
])
def test_amounts_as_people_write_them(text, amount):
    assert to_decimal(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["", "abc", "NaN", "1.2.3", "Infinity"])
def test_what_is_not_an_amount(text):
    with pytest.raises(ValueError):
        to_decimal(text)


def test_money_never_takes_a_float():
    with pytest.raises(TypeError):
        to_decimal(1.5)


@pytest.mark.parametrize("text", ["+374 91 123456", "091-12-34-56", "(091) 12 34 56",
                                  "8 091 123456", "37491123456", "00374 91 123456",
                                  "+374 (91) 12-34-56"])
def test_phones_as_people_type_them_become_e164(text):
    assert parse_phone(text).as_e164 == "+37491123456"


@pytest.mark.parametrize("text", ["", "12", "call me", "+374 11"])
def test_what_is_not_a_phone(text):
    assert parse_phone(text) is None


def test_foreign_numbers_keep_their_country():
    assert parse_phone("+1 202 555 0100").as_e164 == "+12025550100"


def test_search_variants():
    assert phone_search_variants("091 123456") == ["+37491123456"]
    assert phone_search_variants("091 12") == ["9112"]
    assert phone_search_variants("1") == []
