"""The queue's filter bar is drawn by FlatSelect (one template, options in a loop): it must draw
what Django's own Select draws, option for option, the chosen one selected."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import translation

from delivery.tests.factories import CourierFactory
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


def _widget_templates(response) -> list[str]:
    return [t.name for t in response.templates if t.name and "widgets/" in t.name]


def test_the_filter_bar_is_drawn_once_for_the_same_values(client_operator):
    url = reverse("desk:queue")
    first = client_operator.get(url, {"status": "new"})
    again = client_operator.get(url, {"status": "new"})
    assert "desk/widgets/select.html" in _widget_templates(first)
    # The search box alone is drawn again; the selects, dates and checkbox come from the cache.
    assert _widget_templates(again) == ["django/forms/widgets/text.html",
                                        "django/forms/widgets/input.html",
                                        "django/forms/widgets/attrs.html"]
    assert '<option value="new" selected>' in again.content.decode()
    other = client_operator.get(url, {"status": "confirmed"}).content.decode()
    assert '<option value="confirmed" selected>' in other


def test_a_new_courier_is_in_the_filter_bar_at_once(client_operator):
    url = reverse("desk:queue")
    client_operator.get(url)
    CourierFactory(name="Tigran Petrosyan")
    assert "Tigran Petrosyan" in client_operator.get(url).content.decode()


def test_the_filter_bar_speaks_the_language_of_the_page(client_operator):
    url = reverse("desk:queue")
    user = client_operator.get(url).wsgi_request.user
    pages = {}
    for language in ("en", "ru"):
        user.language = language
        user.save(update_fields=["language"])
        pages[language] = client_operator.get(url).content.decode()
    with translation.override("ru"):
        russian = translation.gettext("any courier")
    assert russian != "any courier"
    assert f">{russian}</option>" in pages["ru"]
    assert ">any courier</option>" in pages["en"]


def test_a_bar_with_refused_values_is_not_kept(client_operator):
    url = reverse("desk:queue")
    client_operator.get(url, {"date_from": "not a day"})
    again = client_operator.get(url, {"date_from": "not a day"})
    assert "desk/widgets/select.html" in _widget_templates(again)
    assert 'value="not a day"' in again.content.decode()
