"""The queue's rows come from a template: escaped by Django, flags and links as before."""

import pytest
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.urls import reverse

from orders.models import Order, Status
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_a_row_escapes_what_customers_typed_and_shows_its_flags(client_operator):
    order = OrderFactory(recipient_name="<script>alert(1)</script>", site_number="A&B",
                         status=Status.AWAITING_CUSTOMER, has_unknown_items=True)
    page = client_operator.get(reverse("desk:queue")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "#A&amp;B" in page
    url = reverse("desk:order", args=[order.pk])
    assert (f'<tr class="row attention" data-href="{url}" id="queue-order-{order.pk}" '
            'tabindex="-1">') in page  # focusable by j/k, found again after a refresh
    assert f'<a href="{url}">{order.number}</a>' in page
    assert "unknown items" in page and "follow up" in page


def test_a_row_is_drawn_once_and_drawn_again_when_its_order_changes(client_operator):
    order = OrderFactory(recipient_name="Anna Hakobyan", status=Status.NEW)
    url = reverse("desk:queue")
    response = client_operator.get(url)
    (line,) = [line for line in response.context["lines"] if line["pk"] == order.pk]
    # The row is kept under all that it shows (the line) and the language.
    key = make_template_fragment_key("queue-row", [response.context["LANGUAGE_CODE"], line])
    assert "Anna Hakobyan" in caches["queue_rows"].get(key)
    # A changed order is another line, so another key: never the row drawn before.
    Order.objects.filter(pk=order.pk).update(recipient_name="Mariam Sargsyan",
                                             status=Status.CONFIRMED)
    page = client_operator.get(url).content.decode()
    assert "Mariam Sargsyan" in page and "Anna Hakobyan" not in page
    assert '<span class="status s-confirmed">' in page
