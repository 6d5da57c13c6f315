"""Quick entry's running summary: the picks, the add-ons, a pre-order's stated fee and the
total, counted by hand; a stranger's odd input is never a 500."""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def products():
    ProductFactory(sku="RS-1", name_en="Red roses", price=Decimal("18000"))
    ProductFactory(sku="BL-1", name_en="Balloon", price=Decimal("2500"))


def test_the_summary_counts_picks_add_ons_and_the_stated_fee(client_operator):
    url = reverse("desk:quick_summary")
    page = client_operator.get(url, {"qty:RS-1": "2", "addon:BL-1": "1", "qty:BL-0": ""})
    quote = page.context["quote"]
    assert quote.total == Decimal("38500")  # by hand: 2 × 18,000 + 2,500
    assert "Red roses" in page.content.decode() and "38,500" in page.content.decode()
    stated = {"line-TOTAL_FORMS": "1", "line-INITIAL_FORMS": "1", "line-0-sku": "",
              "line-0-name": "Card", "line-0-quantity": "1", "line-0-unit_price": "500",
              "stated-currency": "AMD", "stated-delivery_fee": "1000"}
    page = client_operator.get(url, {"qty:RS-1": "1", **stated})
    # By hand: the stated card 500 + 18,000 roses + the stated 1,000 fee.
    assert page.context["quote"].total == Decimal("19500")


def test_nothing_picked_or_nonsense_is_an_empty_summary(client_operator):
    url = reverse("desk:quick_summary")
    assert "Nothing picked yet" in client_operator.get(url).content.decode()
    page = client_operator.get(url, {"qty:RS-1": "many", "qty:\x00": "1"})
    assert page.status_code == 200 and page.context["quote"].lines == ()
