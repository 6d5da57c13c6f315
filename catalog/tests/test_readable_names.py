"""Texts typed in the admin that people read (product and category names, descriptions,
couriers, ready answers...) refuse control and direction override characters (issue 17)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalog.models import Product
from catalog.tests.factories import ProductFactory, category
from core.tests.factories import UserFactory
from delivery.tests.factories import CourierFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad", ["\x07", "\x1b", "\u202e"])
def test_the_admin_refuses_them_in_a_products_name_beside_the_field(client, bad):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    response = client.post(reverse("admin:catalog_product_add"), {
        "sku": "PL-FICUS", "name_hy": "Ֆիկուս", "name_ru": f"Фи{bad}кус", "name_en": "Ficus",
        "description_en": "Green,\r\nin a pot.", "category": category("plants").pk,
        "price": "14000", "currency": "AMD", "is_active": "on",
        "stock-TOTAL_FORMS": "0", "stock-INITIAL_FORMS": "0"})
    assert response.status_code == 200 and not Product.objects.filter(sku="PL-FICUS").exists()
    assert list(response.context["adminform"].form.errors) == ["name_ru"]


def test_the_models_hold_the_rule_for_every_form_made_of_them():
    product = ProductFactory.build(name_en="Ro\u202ese", description_en="Line one\nline two",
                                   category=category("plants"))
    with pytest.raises(ValidationError) as caught:
        product.full_clean(exclude=["sku"])
    assert "name_en" in caught.value.message_dict
    assert "description_en" not in caught.value.message_dict  # lines are text there
    with pytest.raises(ValidationError) as caught:
        CourierFactory.build(name="Aram\x1b[2J").full_clean()
    assert "name" in caught.value.message_dict
