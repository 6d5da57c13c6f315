from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from catalog import services as catalog_services
from catalog.exceptions import PromoCodeRefused

from .. import events
from ..exceptions import PromoRefused
from ..models import Order
from ..rules import Action, allows, order_total
from .transitions import order_bump, order_lock


@transaction.atomic
def order_promo_apply(*, order_id: int, code: str, actor=None,
                      expected_version: int | None = None) -> Order:
    """Apply a promo code to an order that has none, within the code's rules."""
    order = order_lock(order_id=order_id, expected_version=expected_version)
    if not allows(order.status, Action.PROMO):
        raise PromoRefused(_("Order %(number)s is %(status)s: its price can no longer change.")
                           % {"number": order.number, "status": order.get_status_display()},
                           code="promo_too_late")
    if order.promo_code_id:
        raise PromoRefused(_("Order %(number)s already has promo code %(code)s.")
                           % {"number": order.number, "code": order.promo_code},
                           code="promo_already_applied")
    try:
        promo, discount = catalog_services.promo_code_redeem(
            code=code, subtotal=order.subtotal, currency=order.currency
        )
    except PromoCodeRefused as exc:
        raise PromoRefused(exc.message, code=exc.code) from exc
    order.promo_code, order.discount = promo, order.discount + discount
    order.total = order_total(subtotal=order.subtotal, delivery_fee=order.delivery_fee,
                              discount=order.discount)
    order_bump(order, "promo_code", "discount", "total")
    events.promo_applied(order=order, code=promo.code, discount=str(discount), actor=actor)
    return order
