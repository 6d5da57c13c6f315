import pytest

from catalog.models import Category
from catalog.selectors import addon_offers, products_by_sku
from catalog.tests.factories import AddOnRuleFactory, ProductFactory, category

pytestmark = pytest.mark.django_db


def test_the_seventeen_categories_exist_with_two_mourning_ones_in_three_languages():
    assert Category.objects.count() == 17
    assert set(Category.objects.filter(is_mourning=True).values_list("code", flat=True)) == {
        "funeral", "wreaths"}
    for row in Category.objects.all():
        assert row.name_hy and row.name_ru and row.name_en


def test_festive_add_ons_are_never_offered_for_a_mourning_order():
    card = ProductFactory(sku="CARD")
    balloons = ProductFactory(sku="BALLOONS")
    AddOnRuleFactory(category=category("funeral"), addon=card, is_festive=False)
    AddOnRuleFactory(category=category("funeral"), addon=balloons, is_festive=True)
    AddOnRuleFactory(category=category("bouquets"), addon=balloons, is_festive=True)

    assert set(addon_offers(category_ids=[category("bouquets").pk])) == {balloons}
    assert set(addon_offers(category_ids=[category("funeral").pk])) == {card}
    mixed = [category("bouquets").pk, category("funeral").pk]
    assert set(addon_offers(category_ids=mixed)) == {card}


def test_inactive_add_ons_are_not_offered():
    AddOnRuleFactory(addon=ProductFactory(is_active=False))
    assert not addon_offers(category_ids=[category("bouquets").pk]).exists()


def test_skus_match_whatever_the_case():
    product = ProductFactory(sku="FB-ROSE-25")
    assert products_by_sku([" fb-rose-25 ", ""]) == {"FB-ROSE-25": product}
