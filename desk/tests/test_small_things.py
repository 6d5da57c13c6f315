"""The small things a new operator hit (issue 10): product search in any language, add-ons
that are not already in the order, the promo form only while the order may change, a favicon."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from orders.models import Status

from .conftest import make_order

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["balloon", "шар", "ՓՈՒՉԻԿ", "dsk-ball"])
def test_quick_entry_finds_a_product_by_name_in_any_language_or_sku(client_operator, rose,
                                                                   balloon, typed):
    page = client_operator.get(reverse("desk:product_search"), {"q": typed}).content.decode()
    assert 'data-sku="DSK-BALLOON"' in page and "DSK-ROSE" not in page


def test_the_product_search_says_when_nothing_matches(client_operator, rose):
    page = client_operator.get(reverse("desk:product_search"), {"q": "tulip"}).content.decode()
    assert "No product matches." in page
    quick = client_operator.get(reverse("desk:quick")).content.decode()
    assert 'id="product-search"' in quick


def test_the_order_page_never_offers_an_add_on_the_order_has(client_operator, rose, balloon):
    order = make_order(rose)
    page = client_operator.get(reverse("desk:order", args=[order.pk]))
    assert [product.sku for product in page.context["addons"]] == ["DSK-BALLOON"]

    order.lines.create(product=balloon, sku=balloon.sku, name="Balloon", quantity=1,
                       unit_price=balloon.price, is_upsell=True)
    page = client_operator.get(reverse("desk:order", args=[order.pk]))
    assert page.context["addons"] == []
    assert 'data-sku="DSK-BALLOON"' not in page.content.decode()


def test_the_quick_entry_panel_never_offers_a_product_already_picked(client_operator, rose,
                                                                     balloon):
    url = reverse("desk:quick_addons")
    assert "Balloon" in client_operator.get(url, {"qty:DSK-ROSE": "1"}).content.decode()
    picked = client_operator.get(url, {"qty:DSK-ROSE": "1", "qty:DSK-BALLOON": "2"})
    assert "Balloon" not in picked.content.decode()


@pytest.mark.parametrize(("status", "offered"), [
    (Status.NEW, True), (Status.CONFIRMED, True), (Status.ASSEMBLING, True),
    (Status.OUT_FOR_DELIVERY, False), (Status.FAILED, False), (Status.DELIVERED, False),
    (Status.CANCELLED, False)])
def test_the_promo_form_shows_only_while_the_order_may_change(client_operator, rose, status,
                                                              offered):
    order = make_order(rose, status=status)
    page = client_operator.get(reverse("desk:order", args=[order.pk])).content.decode()
    assert ('id="promo-submit"' in page) is offered
    if offered:
        assert 'class="primary" id="promo-submit"' in page  # styled like the other buttons


def test_every_page_has_a_favicon(client_operator):
    page = client_operator.get(reverse("desk:queue")).content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    assert finders.find("favicon.svg")
