"""orders.rules: one table of what each state allows, enforced by the services."""

from decimal import Decimal

import pytest

from catalog.tests.factories import PromoCodeFactory
from orders.exceptions import OrderError
from orders.rules import ALLOWED, NEXT, Action, Status, order_actions, order_total
from orders.services import order_promo_apply
from orders.services.editing import order_edit
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_every_state_has_its_actions_and_moves():
    assert set(ALLOWED) == set(NEXT) == set(Status.values)
    assert ALLOWED[Status.DELIVERED] == ALLOWED[Status.CANCELLED] == frozenset()


def test_the_total_is_lines_plus_fee_less_discount_never_below_zero():
    assert order_total(subtotal=Decimal("20000"), delivery_fee=Decimal("1500"),
                       discount=Decimal("2000")) == Decimal("19500")
    assert order_total(subtotal=Decimal("1000"), delivery_fee=Decimal("0"),
                       discount=Decimal("5000")) == Decimal("0")


@pytest.mark.parametrize("status", Status.values)
def test_a_promo_code_is_accepted_exactly_where_the_rules_offer_it(status):
    """Before: the service took a code on a delivered or dispatched order (only the page hid it)."""
    order = OrderFactory(status=status)
    PromoCodeFactory(code=f"R-{status}".upper())
    offered = Action.PROMO in order_actions(order)
    try:
        order_promo_apply(order_id=order.pk, code=f"R-{status}")
        accepted = True
    except OrderError:
        accepted = False
    assert accepted == offered
    assert offered == (status in (Status.NEW, Status.AWAITING_CUSTOMER, Status.CONFIRMED,
                                  Status.ASSEMBLING))


def test_a_second_promo_code_is_not_offered():
    order = OrderFactory(status=Status.NEW)
    PromoCodeFactory(code="ONCE")
    order = order_promo_apply(order_id=order.pk, code="ONCE")
    assert Action.PROMO not in order_actions(order)


@pytest.mark.parametrize("status", Status.values)
def test_an_edit_is_accepted_exactly_where_the_rules_offer_it(status):
    order = OrderFactory(status=status)
    offered = Action.EDIT in order_actions(order)
    try:
        order_edit(order_id=order.pk, changes={"recipient_name": "Sona"})
        accepted = True
    except OrderError:
        accepted = False
    assert accepted == offered
