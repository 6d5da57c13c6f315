"""Amounts as people write them, per language (issue 10, item 7)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.money import money_format

NBSP = "\u00a0"


@pytest.mark.parametrize(("language", "amount", "currency", "text"), [
    ("hy", "59000.00", "AMD", "59 000 ֏"),
    ("ru", "59000.00", "AMD", "59 000 ֏"),
    ("en", "59000.00", "AMD", "AMD 59,000"),
    ("hy", "1234567.40", "AMD", "1 234 567 ֏"),  # the dram has no decimals people write
    ("en", "999.50", "AMD", "AMD 1,000"),
    ("hy", "1234.50", "USD", "1 234,50 $"),
    ("ru", "1500.50", "RUB", "1 500,50 ₽"),
    ("en", "1234.50", "USD", "$1,234.50"),
    ("en", "12.00", "USD", "$12"),  # two decimals only when there are cents
    ("ru", "12.00", "EUR", "12 €"),
    ("en", "-3.5", "EUR", "-€3.50"),
    ("hy", "0", "AMD", "0 ֏"),
])
def test_amounts_per_language(language, amount, currency, text):
    assert money_format(Decimal(amount), currency, language) == text.replace(" ", NBSP)


def test_the_active_language_is_the_default_and_nothing_shows_as_a_database_would():
    with translation.override("ru"):
        text = money_format(Decimal("59000.00"), "AMD")
    assert text == f"59{NBSP}000{NBSP}֏"
    assert ".00" not in text and "AMD" not in text
    assert money_format(None, "AMD") == ""


@pytest.mark.parametrize(("language", "text"), [
    ("hy", "25 500 ֏"), ("ru", "25 500 ֏"), ("en", "AMD 25,500"),
])
def test_the_money_filter_in_a_template(language, text):
    template = Template("{% load money %}{{ total|money:currency }}")
    with translation.override(language):
        shown = template.render(Context({"total": Decimal("25500.00"), "currency": "AMD"}))
    assert shown == text.replace(" ", NBSP)
