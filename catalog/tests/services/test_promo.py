from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import Promotion
from catalog.services import promo_code_redeem
from catalog.tests.factories import PromoCodeFactory, PromotionFactory
from orders.exceptions import PromoRefused
from orders.services import order_promo_apply
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_a_percentage_code_discounts_the_subtotal_rounded_to_the_cent():
    PromoCodeFactory(code="WINTER10", promotion__value=Decimal("10"))
    order = OrderFactory(subtotal=Decimal("12345.55"), delivery_fee=Decimal("1000"),
                         total=Decimal("13345.55"))

    applied = order_promo_apply(order_id=order.pk, code=" winter10 ")

    assert applied.discount == Decimal("1234.56")
    assert applied.total == Decimal("12110.99")
    assert applied.promo_code.code == "WINTER10" and applied.version == 2
    assert applied.events.get(kind="promo_applied").after["discount"] == "1234.56"


def test_a_fixed_code_never_discounts_more_than_the_goods():
    PromoCodeFactory(code="BIG", promotion__kind=Promotion.Kind.FIXED,
                     promotion__value=Decimal("50000"))
    order = OrderFactory(subtotal=Decimal("20000"), delivery_fee=Decimal("1000"),
                         total=Decimal("21000"))
    applied = order_promo_apply(order_id=order.pk, code="BIG")
    assert (applied.discount, applied.total) == (Decimal("20000"), Decimal("1000"))


@pytest.mark.parametrize(("promotion", "expected"), [
    ({"valid_until": timezone.now() - timedelta(seconds=1)}, "promo_expired"),
    ({"valid_from": timezone.now() + timedelta(days=1),
      "valid_until": timezone.now() + timedelta(days=2)}, "promo_not_started"),
    ({"is_active": False}, "promo_inactive"),
    ({"kind": Promotion.Kind.FIXED, "currency": "USD"}, "promo_currency"),
])
def test_codes_outside_their_rules_are_refused(promotion, expected):
    PromoCodeFactory(code="X", promotion=PromotionFactory(**promotion))
    order = OrderFactory()
    with pytest.raises(PromoRefused) as refused:
        order_promo_apply(order_id=order.pk, code="X")
    assert refused.value.code == expected
    order.refresh_from_db()
    assert order.promo_code is None and order.discount == 0


def test_an_unknown_code_is_refused():
    with pytest.raises(PromoRefused) as refused:
        order_promo_apply(order_id=OrderFactory().pk, code="NOPE")
    assert refused.value.code == "promo_unknown"


def test_a_single_use_code_works_once():
    code = PromoCodeFactory(code="ONCE", max_uses=1)
    assert code.is_single_use
    order_promo_apply(order_id=OrderFactory().pk, code="ONCE")
    with pytest.raises(PromoRefused) as refused:
        order_promo_apply(order_id=OrderFactory().pk, code="ONCE")
    assert refused.value.code == "promo_used_up"
    code.refresh_from_db()
    assert code.times_used == 1


def test_an_order_takes_one_code():
    PromoCodeFactory(code="A")
    PromoCodeFactory(code="B")
    order = OrderFactory()
    order_promo_apply(order_id=order.pk, code="A")
    with pytest.raises(PromoRefused) as refused:
        order_promo_apply(order_id=order.pk, code="B")
    assert refused.value.code == "promo_already_applied"


def test_redeem_alone_counts_uses():
    code = PromoCodeFactory(code="COUNT", max_uses=None)
    for _ in range(3):
        promo_code_redeem(code="count", subtotal=Decimal("100"), currency="AMD")
    code.refresh_from_db()
    assert code.times_used == 3
