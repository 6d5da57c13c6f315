"""The queue's rows come from a template: escaped by Django, flags and links as before."""

import pytest
from django.urls import reverse

from orders.models import Status
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_a_row_escapes_what_customers_typed_and_shows_its_flags(client_operator):
    order = OrderFactory(recipient_name="<script>alert(1)</script>", site_number="A&B",
                         status=Status.AWAITING_CUSTOMER, has_unknown_items=True)
    page = client_operator.get(reverse("orders:queue")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "#A&amp;B" in page
    url = reverse("orders:order", args=[order.pk])
    assert (f'<tr class="row attention" data-href="{url}" id="queue-order-{order.pk}" '
            'tabindex="-1">') in page  # focusable by j/k, found again after a refresh
    assert f'<a href="{url}">{order.number}</a>' in page
    assert "unknown items" in page and "follow up" in page
