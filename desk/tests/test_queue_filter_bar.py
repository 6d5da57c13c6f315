"""The queue's filter bar is drawn by FlatSelect (one template, options in a loop): it must draw
what Django's own Select draws, option for option, the chosen one selected."""

from __future__ import annotations

from django import forms

from desk.filters import FlatSelect, QueueFilter
from orders import selectors


def _words(html: str) -> list[str]:
    return html.split()


def test_flat_select_draws_what_djangos_select_draws():
    choices = [("", "any"), ("a", "A & B"), ("3", "three")]
    for value in ("", "a", "3", None):
        stock = forms.Select(attrs={"id": "x"}, choices=choices).render("pick", value)
        flat = FlatSelect(attrs={"id": "x"}, choices=choices).render("pick", value)
        assert _words(flat) == _words(stock)


def test_every_select_of_the_filter_bar_is_flat(db):
    form = QueueFilter({"status": "new", "when": "today"}, queryset=selectors.queue_orders()).form
    selects = [field for field in form.fields.values() if isinstance(field.widget, forms.Select)]
    assert len(selects) == 7
    assert all(type(field.widget) is FlatSelect for field in selects)
    html = str(form["status"])
    assert '<option value="new" selected>' in html
    assert html.count("<option") == len(form.fields["status"].choices)
