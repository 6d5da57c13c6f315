"""Turn a NormalizedOrder into checked values, collecting every bad field at once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from catalog.models import Product
from catalog.selectors import products_by_sku
from core.money import to_decimal
from core.phones import parse_phone
from core.queries import unique_row
from orders.models import Partner

from ..exceptions import IntakeInvalid
from ..models import PARTNER_CHANNELS, Brand, Channel, PaymentMethod
from ..normalized import NormalizedOrder

_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")
_WINDOW = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})\s*$")


@dataclass
class CleanLine:
    product: Product | None
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    is_upsell: bool


@dataclass
class CleanOrder:
    source: NormalizedOrder
    brand: Brand
    partner: Partner | None
    customer_phone: object
    recipient_phone: object
    delivery_date: date | None
    window_start: datetime | None
    window_end: datetime | None
    payment_method: str
    lines: list[CleanLine]
    delivery_fee: Decimal
    discount: Decimal
    stated_total: Decimal | None
    notes: list[str] = field(default_factory=list)


class _Errors(dict):
    def add(self, path: str, code: str, message: str) -> None:
        self.setdefault(path, []).append((code, message))


def clean(normalized: NormalizedOrder) -> CleanOrder:
    """Checked values, or IntakeInvalid listing every bad field by its dotted path."""
    errors = _Errors()
    n = normalized
    if n.channel not in Channel.values:
        errors.add("channel", "invalid", _("%(value)s is not a channel.") % {"value": n.channel})
    if n.currency not in settings.CURRENCIES:
        errors.add("currency", "invalid",
                   _("%(value)s is not a currency we take.") % {"value": n.currency})

    partner = _partner(n, errors)
    brand = _brand(n, partner, errors)

    customer_phone = _phone(n.customer.phone, "customer.phone", errors, required=True)
    if n.customer.email:
        try:
            validate_email(n.customer.email)
        except ValidationError:
            errors.add("customer.email", "invalid",
                       _("%(value)s is not an e-mail address.") % {"value": n.customer.email})
    if not n.recipient.name.strip():
        errors.add("recipient.name", "required", _("The recipient's name is missing."))
    if not n.recipient.address.strip():
        errors.add("recipient.address", "required", _("The delivery address is missing."))
    recipient_phone = _phone(n.recipient.phone, "recipient.phone", errors, required=False)

    delivery_date = _date(n.delivery_date, errors, required=not n.is_preorder)
    window_start, window_end = _window(n.window, delivery_date, errors)

    payment = n.payment_method or PaymentMethod.UNKNOWN
    if payment not in PaymentMethod.values:
        errors.add("payment.method", "invalid",
                   _("%(value)s is not a payment method.") % {"value": n.payment_method})

    lines = _lines(n, errors)
    fee = _amount(n.delivery_fee, "delivery_fee", errors) or Decimal("0")
    discount = _amount(n.discount, "discount", errors) or Decimal("0")
    stated_total = _amount(n.total, "total", errors)

    if errors:
        raise IntakeInvalid(dict(errors))
    return CleanOrder(
        source=n, brand=brand, partner=partner, customer_phone=customer_phone,
        recipient_phone=recipient_phone, delivery_date=delivery_date,
        window_start=window_start, window_end=window_end, payment_method=payment, lines=lines,
        delivery_fee=fee, discount=discount, stated_total=stated_total,
    )


def _partner(n: NormalizedOrder, errors: _Errors) -> Partner | None:
    if not n.partner:
        if n.channel in PARTNER_CHANNELS:
            errors.add("partner", "required", _("A partner order needs its partner."))
        return None
    partner = unique_row(Partner.objects.select_related("brand").filter(code=n.partner))
    if partner is None:
        errors.add("partner", "unknown", _("Partner %(code)s is not known.") % {"code": n.partner})
    return partner


def _brand(n: NormalizedOrder, partner: Partner | None, errors: _Errors) -> Brand | None:
    if n.brand:
        brand = unique_row(Brand.objects.filter(code=n.brand))
        if brand is None:
            errors.add("brand", "unknown", _("Brand %(code)s is not known.") % {"code": n.brand})
        return brand
    if partner is not None:
        return partner.brand
    if not (n.partner and partner is None):  # an unknown partner is already reported
        errors.add("brand", "required", _("The brand is missing."))
    return None


def _phone(text: str, path: str, errors: _Errors, *, required: bool):
    if not (text or "").strip():
        if required:
            errors.add(path, "required", _("The phone number is missing."))
        return None
    number = parse_phone(text)
    if number is None:
        errors.add(path, "invalid", _("%(value)s is not a phone number.") % {"value": text})
    return number


def parse_date(value: date | str) -> date | None:
    if isinstance(value, date):
        return value
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _date(value, errors: _Errors, *, required: bool) -> date | None:
    if value in (None, ""):
        if required:
            errors.add("delivery.date", "required", _("The delivery date is missing."))
        return None
    parsed = parse_date(value)
    if parsed is None:
        errors.add("delivery.date", "invalid",
                   _("delivery date %(value)s is not a date") % {"value": value})
    return parsed


def _window(value, day: date | None, errors: _Errors):
    if not value:
        return None, None
    if isinstance(value, tuple):
        start, end = value
    else:
        match = _WINDOW.match(value)
        try:
            start = time(int(match[1]), int(match[2])) if match else None
            end = time(int(match[3]), int(match[4])) if match else None
        except ValueError:
            start = end = None
        if start is None:
            errors.add("delivery.window", "invalid",
                       _("%(value)s is not a time window like 10:00-13:00.") % {"value": value})
            return None, None
    if end <= start:
        errors.add("delivery.window", "invalid",
                   _("The window %(value)s ends before it starts.") % {"value": value})
        return None, None
    if day is None:
        return None, None
    zone = ZoneInfo(settings.TIME_ZONE)  # windows are Yerevan wall-clock times
    return (datetime.combine(day, start, tzinfo=zone), datetime.combine(day, end, tzinfo=zone))


def _amount(value, path: str, errors: _Errors) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = to_decimal(value)
    except (ValueError, TypeError):
        errors.add(path, "invalid", _("%(value)s is not an amount.") % {"value": value})
        return None
    if amount < 0:
        errors.add(path, "negative", _("An amount cannot be negative."))
        return None
    return amount


def _lines(n: NormalizedOrder, errors: _Errors) -> list[CleanLine]:
    if not n.items:
        errors.add("items", "required", _("The order has no items."))
        return []
    catalog = products_by_sku(item.sku for item in n.items)
    lines = []
    for index, item in enumerate(n.items):
        path = f"items[{index}]"
        sku = (item.sku or "").strip().upper()
        product = catalog.get(sku)
        try:
            quantity = int(str(item.quantity).strip())
        except ValueError:
            quantity = 0
        if quantity < 1:
            errors.add(f"{path}.quantity", "invalid",
                       _("Quantity must be a whole number of at least 1."))
        if not sku and not item.name.strip():
            errors.add(f"{path}.name", "required", _("An item needs a SKU or a name."))
        price = _amount(item.unit_price, f"{path}.unit_price", errors)
        if price is None and item.unit_price in (None, ""):
            if product is not None and product.currency == n.currency:
                price = product.price
            else:
                errors.add(f"{path}.unit_price", "required",
                           _("No price for %(item)s in %(currency)s.")
                           % {"item": sku or item.name, "currency": n.currency})
        name = item.name.strip() or (product.name_en if product else sku)
        lines.append(CleanLine(product=product, sku=sku, name=name[:300], quantity=quantity,
                               unit_price=price or Decimal("0"), is_upsell=item.is_upsell))
    return lines
