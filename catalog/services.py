"""Writes to the catalog: reserving and releasing stock, redeeming promo codes."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import CENT

from .exceptions import AddOnRefused, OutOfStock, PromoCodeRefused
from .models import AddOnRule, Category, Product, PromoCode, Promotion, Reservation, StockItem

# How often a reservation re-reads a row that a concurrent reservation changed under it.
_RETRIES = 5


def addon_check(*, product: Product, category_ids: Iterable[int]) -> None:
    """Refuse an add-on the rules forbid for an order holding goods of these categories.

    Mourning goods (a wreath, a funeral basket) never take a festive add-on: a product that
    any add-on rule marks festive (balloons, champagne, a teddy bear) is refused with the code
    `festive_with_mourning`. The pages only hide such add-ons; this is where the rule holds."""
    category_ids = set(category_ids)
    mourning = Category.objects.filter(pk__in=category_ids, is_mourning=True).exists()
    if mourning and AddOnRule.objects.filter(addon=product, is_festive=True).exists():
        raise AddOnRefused(
            _("%(name)s is festive and cannot be added to an order with mourning goods.")
            % {"name": product.name},
            code="festive_with_mourning",
        )


def stock_reserve(*, lines: Iterable) -> dict[str, int]:
    """Reserve every catalog line's quantity, nearest location first; all or nothing.

    Each take is one conditional UPDATE (`reserved + n <= on_hand`), so two reservations can
    never both take the last item, on any database. Lines the catalog does not know are
    skipped (a person handles them). Raises OutOfStock naming every short line; the caller's
    transaction then rolls back whatever was taken. Returns {sku: quantity reserved}."""
    lines = sorted((line for line in lines if line.product_id), key=lambda line: line.product_id)
    if not lines:
        return {}
    with transaction.atomic():
        taken: dict[str, int] = {}
        shortages = []
        for line in lines:
            need = line.quantity - sum(r.quantity for r in line.reservations.all())
            got = _take(line=line, need=need)
            taken[line.product.sku] = taken.get(line.product.sku, 0) + got
            if got < need:
                shortages.append((line.product.sku, need, got))
        if shortages:
            raise OutOfStock(shortages)
    return taken


def _take(*, line, need: int) -> int:
    got = 0
    for stock in StockItem.objects.filter(product_id=line.product_id).order_by(
        "location__priority", "id"
    ):
        for _attempt in range(_RETRIES):
            take = min(stock.on_hand - stock.reserved, need - got)
            if take <= 0:
                break
            updated = StockItem.objects.filter(
                pk=stock.pk, reserved__lte=F("on_hand") - take
            ).update(reserved=F("reserved") + take)
            if updated:
                Reservation.objects.create(stock=stock, line=line, quantity=take)
                got += take
                break
            stock.refresh_from_db(fields=["on_hand", "reserved"])
        if got == need:
            break
    return got


def stock_release(*, lines: Iterable) -> dict[str, int]:
    """Give back exactly what these lines reserved. Returns {sku: quantity released}."""
    released: dict[str, int] = {}
    with transaction.atomic():
        reservations = (
            Reservation.objects.filter(line__in=list(lines))
            .select_related("stock__product")
            .order_by("stock_id")
        )
        for reservation in reservations:
            StockItem.objects.filter(pk=reservation.stock_id).update(
                reserved=F("reserved") - reservation.quantity
            )
            sku = reservation.stock.product.sku
            released[sku] = released.get(sku, 0) + reservation.quantity
            reservation.delete()
    return released


def promo_code_redeem(*, code: str, subtotal: Decimal, currency: str) -> tuple[PromoCode, Decimal]:
    """Use one redemption of `code` on an order worth `subtotal`; return the code and the
    discount. Refuses unknown, inactive, expired, not-yet-valid and used-up codes, and a fixed
    amount in another currency. The usage counter moves in one conditional UPDATE, so a
    single-use code is never used twice, even by two operators at once."""
    normalized = code.strip().upper()
    promo = PromoCode.objects.select_related("promotion").filter(code__iexact=normalized).first()
    if promo is None:
        raise PromoCodeRefused(_("Promo code %(code)s does not exist.") % {"code": normalized},
                               code="promo_unknown")
    promotion = promo.promotion
    now = timezone.now()
    if not promotion.is_active:
        raise PromoCodeRefused(_("Promo code %(code)s is switched off.") % {"code": promo.code},
                               code="promo_inactive")
    if now < promotion.valid_from:
        raise PromoCodeRefused(_("Promo code %(code)s is not valid yet.") % {"code": promo.code},
                               code="promo_not_started")
    if now >= promotion.valid_until:
        raise PromoCodeRefused(_("Promo code %(code)s has expired.") % {"code": promo.code},
                               code="promo_expired")
    if promotion.kind == Promotion.Kind.FIXED and promotion.currency != currency:
        raise PromoCodeRefused(
            _("Promo code %(code)s is an amount in %(theirs)s; this order is in %(ours)s.")
            % {"code": promo.code, "theirs": promotion.currency, "ours": currency},
            code="promo_currency",
        )
    used = PromoCode.objects.filter(pk=promo.pk)
    if promo.max_uses is not None:
        used = used.filter(times_used__lt=F("max_uses"))
    if not used.update(times_used=F("times_used") + 1):
        raise PromoCodeRefused(_("Promo code %(code)s has been used up.") % {"code": promo.code},
                               code="promo_used_up")
    return promo, promo_discount(promotion=promotion, subtotal=subtotal)


def promo_discount(*, promotion: Promotion, subtotal: Decimal) -> Decimal:
    if promotion.kind == Promotion.Kind.PERCENT:
        discount = subtotal * promotion.value / Decimal(100)
    else:
        discount = promotion.value
    # Never more than the goods are worth; rounded once, here, half up to the cent.
    return min(discount, subtotal).quantize(CENT, rounding=ROUND_HALF_UP)


def stock_consume(*, lines: Iterable) -> None:
    """The goods left with the courier and arrived: what was reserved leaves the shelf."""
    with transaction.atomic():
        for reservation in Reservation.objects.filter(line__in=list(lines)).order_by("stock_id"):
            StockItem.objects.filter(pk=reservation.stock_id).update(
                reserved=F("reserved") - reservation.quantity,
                on_hand=F("on_hand") - reservation.quantity,
            )
            reservation.delete()
