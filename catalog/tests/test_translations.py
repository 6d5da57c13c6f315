"""Catalog texts in hy, ru and en (issue 10, item 6): names and descriptions of products, stock
locations and promotions follow the reader's language, are edited in the admin in all three,
and the quick entry finds a product by its name in any of them or by SKU."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from catalog.models import Location, Product, Promotion
from catalog.selectors import products_by_sku, products_search
from catalog.tests.factories import LocationFactory, ProductFactory, PromotionFactory, category
from core.tests.factories import UserFactory
from notices.services import customer_message_queue
from orders.tests.factories import CustomerFactory, OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def roses():
    return ProductFactory(sku="FB-ROSE-25", name_en="25 red roses", name_ru="25 красных роз",
                          name_hy="25 կարմիր վարդ", description_en="Long stems.",
                          description_ru="Длинные стебли.", description_hy="Երկար ցողուններ։")


@pytest.mark.parametrize(("language", "name", "description"), [
    ("hy", "25 կարմիր վարդ", "Երկար ցողուններ։"), ("ru", "25 красных роз", "Длинные стебли."),
    ("en", "25 red roses", "Long stems."),
])
def test_a_product_reads_in_the_active_language(roses, language, name, description):
    with translation.override(language):
        product = Product.objects.get(pk=roses.pk)
        assert (product.name, product.description) == (name, description)
        assert str(product) == f"FB-ROSE-25 · {name}"


def test_a_missing_translation_falls_back_to_english():
    product = ProductFactory(name_en="Ficus", name_ru="", name_hy="")
    with translation.override("hy"):
        assert Product.objects.get(pk=product.pk).name == "Ficus"


def test_locations_and_promotions_carry_three_languages():
    shop = LocationFactory(name_en="Shop Baghramyan", name_ru="Магазин на Баграмяна",
                           name_hy="Խանութ Բաղրամյան")
    promo = PromotionFactory(name_en="Winter -10%", name_ru="Зима -10%", name_hy="Ձմեռ -10%",
                             description_hy="10% զեղչ")
    with translation.override("hy"):
        assert str(Location.objects.get(pk=shop.pk)) == "Խանութ Բաղրամյան"
        assert Promotion.objects.get(pk=promo.pk).description == "10% զեղչ"
    with translation.override("ru"):
        assert str(Location.objects.get(pk=shop.pk)) == "Магазин на Баграмяна"
        assert str(Promotion.objects.get(pk=promo.pk)) == "Зима -10%"


def test_a_name_typed_in_armenian_also_fills_the_english_column():
    """The unique `name` column follows English: a row made with another language active
    still has its English name, so two such rows never collide on an empty one."""
    with translation.override("hy"):
        first = Location.objects.create(name="Խանութ 1", kind="shop")
        second = Location.objects.create(name="Խանութ 2", kind="shop")
    assert (first.name_en, second.name_en) == ("Խանութ 1", "Խանութ 2")


@pytest.mark.parametrize("query", ["կարմիր", "КРАСНЫХ", "red ro", "fb-rose", "FB-ROSE-25"])
def test_products_are_found_by_name_in_any_language_or_by_sku(roses, query):
    ProductFactory(sku="FB-TULIP-15", name_en="15 tulips", name_ru="15 тюльпанов",
                   name_hy="15 կակաչ")
    assert list(products_search(query)) == [roses]


def test_the_search_puts_an_exact_sku_first_and_skips_inactive_products():
    exact = ProductFactory(sku="CS-12", name_en="12 strawberries")
    longer = ProductFactory(sku="CS-120", name_en="Strawberry tower")
    ProductFactory(sku="CS-1", name_en="Gone", is_active=False)
    assert list(products_search("cs-12")) == [exact, longer]
    assert list(products_search("  ")) == []


def test_sku_matching_at_intake_is_unchanged(roses):
    assert products_by_sku(["fb-rose-25"]) == {"FB-ROSE-25": roses}


def test_the_customer_e_mail_names_products_in_the_customers_language(roses):
    order = OrderFactory(customer=CustomerFactory(language="ru"), total=Decimal("25000"))
    OrderLineFactory(order=order, product=roses, sku=roses.sku, name="25 red roses")
    with translation.override("en"):  # the operator's language does not leak into the e-mail
        message = customer_message_queue(order=order, kind="confirmation")
    body = message.payload["body"]  # an outbox row
    assert "1 × 25 красных роз" in body and "red roses" not in body


def test_the_admin_edits_names_in_every_language(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:catalog_product_add")).content.decode()
    for field in ("name_hy", "name_ru", "name_en", "description_hy", "description_ru",
                  "description_en"):
        assert f'name="{field}"' in page

    response = client.post(reverse("admin:catalog_product_add"), {
        "sku": "PL-FICUS", "name_hy": "Ֆիկուս", "name_ru": "Фикус", "name_en": "Ficus",
        "category": category("plants").pk, "price": "14000", "currency": "AMD",
        "is_active": "on", "stock-TOTAL_FORMS": "0", "stock-INITIAL_FORMS": "0"})

    assert response.status_code == 302, response.content.decode()[:2000]
    product = Product.objects.get(sku="PL-FICUS")
    assert (product.name_hy, product.name_ru, product.name_en) == ("Ֆիկուս", "Фикус", "Ficus")
    location_page = client.get(reverse("admin:catalog_location_add")).content.decode()
    assert 'name="name_hy"' in location_page and 'name="name_ru"' in location_page
