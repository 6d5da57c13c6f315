"""The desk's one placeholder engine (core/placeholders.py): `{name}`, nothing else; unknown
and empty placeholders refused, naming every one."""

import pytest

from core.placeholders import (
    PlaceholdersRefused,
    placeholders_fill,
    placeholders_named,
    placeholders_unknown,
)


def test_each_placeholder_is_filled_once_per_use_and_nothing_else_is_read():
    asked = []

    def order_number():
        asked.append("order_number")
        return "A-1"

    text = "{customer_name}: {order_number}; again {order_number}."
    values = {"customer_name": "Ani", "order_number": order_number, "unused": lambda: 1 / 0}
    assert placeholders_fill(text, values) == "Ani: A-1; again A-1."
    assert asked == ["order_number"]


def test_braces_that_are_no_placeholder_are_kept_as_written():
    text = "{ x } {} {{ order.customer.phone }} {% load log %} $name"
    assert placeholders_named(text) == []
    assert placeholders_fill(text, {"name": "Ani"}) == text


def test_a_value_is_put_in_as_written_and_never_read_as_a_template():
    assert placeholders_fill("{note}", {"note": "{secret} $x"}) == "{secret} $x"


def test_unknown_and_empty_placeholders_are_refused_naming_every_one():
    with pytest.raises(PlaceholdersRefused) as refused:
        placeholders_fill("{nickname} {order_number} {date} {pet} {Order_number}",
                          {"order_number": "", "date": lambda: "  "})
    assert refused.value.unknown == ["nickname", "pet", "Order_number"]
    assert refused.value.empty == ["order_number", "date"]
    assert "{nickname}, {pet}, {Order_number}" in refused.value.message
    assert "{order_number}, {date}" in refused.value.message


def test_a_caller_may_let_empty_values_be():
    assert placeholders_fill("Hi {name}, {window}.", {"name": "Ani", "window": ""},
                             empty_ok=True) == "Hi Ani, ."
    with pytest.raises(PlaceholdersRefused):
        placeholders_fill("{secret}", {}, empty_ok=True)


def test_the_unknown_ones_are_said_before_anything_is_filled():
    assert placeholders_unknown("{a} {b} {a} {c}", ("b",)) == ["a", "c"]
