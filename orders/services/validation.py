"""Turn a NormalizedOrder into checked values, collecting every bad field at once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product, PromoCode
from catalog.selectors import products_by_sku
from core.money import to_decimal
from core.phones import parse_phone
from core.queries import unique_row
from core.text import unreadable_character, unreadable_message
from orders.models import Partner

from ..exceptions import IntakeInvalid, WindowRefused
from ..models import PARTNER_CHANNELS, Brand, Channel, Customer, Order, OrderLine, PaymentMethod
from ..normalized import NormalizedOrder

_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")
_WINDOW = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})\s*$")
# The texts of several lines (line breaks and tabs allowed); every other text is one line.
MULTILINE_TEXTS = frozenset({"recipient.address", "card_message", "customer_comment"})
PHONE_MAX_LENGTH = 40  # a phone as people type it, before it becomes E.164
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Limits:
    """The door's bounds. Lengths with a column behind them are the column's size; the rest
    (free texts, counts, amounts, the date range) are settings. The API serializers document
    the same numbers (`intake_limits()`), so the schema and the door never disagree."""

    max_items: int
    max_quantity: int
    max_amount: Decimal  # one price, fee or discount
    max_total: Decimal  # what an order's amount columns can hold
    max_address: int
    max_text: int  # card message, comment
    days_past: int
    days_ahead: int
    customer_name: int = Customer._meta.get_field("name").max_length
    email: int = Customer._meta.get_field("email").max_length
    recipient_name: int = Order._meta.get_field("recipient_name").max_length
    partner_order_id: int = Order._meta.get_field("partner_order_id").max_length
    site_number: int = Order._meta.get_field("site_number").max_length
    sku: int = OrderLine._meta.get_field("sku").max_length
    item_name: int = OrderLine._meta.get_field("name").max_length
    phone: int = PHONE_MAX_LENGTH
    promo_code: int = PromoCode._meta.get_field("code").max_length


def intake_limits() -> Limits:
    column = Order._meta.get_field("total")
    max_total = Decimal(10) ** (column.max_digits - column.decimal_places) - CENT
    return Limits(
        max_items=settings.INTAKE_MAX_ITEMS, max_quantity=settings.INTAKE_MAX_QUANTITY,
        max_amount=min(Decimal(settings.INTAKE_MAX_AMOUNT), max_total), max_total=max_total,
        max_address=settings.INTAKE_MAX_ADDRESS_LENGTH, max_text=settings.INTAKE_MAX_TEXT_LENGTH,
        days_past=settings.INTAKE_DELIVERY_DAYS_PAST, days_ahead=settings.INTAKE_DELIVERY_DAYS_AHEAD,
    )


def delivery_date_range(*, today: date | None = None) -> tuple[date, date]:
    """The first and last delivery date the door takes (Yerevan's today, by default a year
    either side): a late e-mail for last week is still an order; year 1 or 9999 is not."""
    limits = intake_limits()
    today = today or timezone.localdate()
    return today - timedelta(days=limits.days_past), today + timedelta(days=limits.days_ahead)


@dataclass
class CleanLine:
    product: Product | None
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    is_upsell: bool

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity


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


def clean(normalized: NormalizedOrder, *, partner: Partner | None = None) -> CleanOrder:
    """Checked values, or IntakeInvalid listing every bad field by its dotted path. `partner`
    (with its brand): the one `normalized.partner` names, when the caller has read it already."""
    errors = _Errors()
    n = normalized
    limits = intake_limits()
    _lengths(n, limits, errors)
    if n.channel not in Channel.values:
        errors.add("channel", "invalid", _("%(value)s is not a channel.") % {"value": n.channel})
    if n.currency not in settings.CURRENCIES:
        errors.add("currency", "invalid",
                   _("%(value)s is not a currency we take.") % {"value": n.currency})

    partner = _partner(n, errors, known=partner)
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

    lines = _lines(n, limits, errors)
    fee = _amount(n.delivery_fee, "delivery_fee", errors, limits.max_amount) or Decimal("0")
    discount = _amount(n.discount, "discount", errors, limits.max_amount) or Decimal("0")
    stated_total = _amount(n.total, "total", errors, limits.max_total)
    _sums(lines, fee, limits, errors)

    if errors:
        raise IntakeInvalid(dict(errors))
    return CleanOrder(
        source=n, brand=brand, partner=partner, customer_phone=customer_phone,
        recipient_phone=recipient_phone, delivery_date=delivery_date,
        window_start=window_start, window_end=window_end, payment_method=payment, lines=lines,
        delivery_fee=fee, discount=discount, stated_total=stated_total,
    )


def _partner(n: NormalizedOrder, errors: _Errors, *, known: Partner | None) -> Partner | None:
    if not n.partner:
        if n.channel in PARTNER_CHANNELS:
            errors.add("partner", "required", _("A partner order needs its partner."))
        return None
    if known is not None and known.code == n.partner:
        return known
    partner = (unique_row(Partner.objects.select_related("brand").filter(code=n.partner))
               if _searchable(n.partner) else None)
    if partner is None:
        errors.add("partner", "unknown", _("Partner %(code)s is not known.") % {"code": n.partner})
    return partner


def _brand(n: NormalizedOrder, partner: Partner | None, errors: _Errors) -> Brand | None:
    if n.brand:
        brand = unique_row(Brand.objects.filter(code=n.brand)) if _searchable(n.brand) else None
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
        return None
    first, last = delivery_date_range()
    if not first <= parsed <= last:
        errors.add("delivery.date", "out_of_range",
                   _("delivery date %(value)s is not between %(first)s and %(last)s")
                   % {"value": parsed.isoformat(), "first": first.isoformat(),
                      "last": last.isoformat()})
        return None
    return parsed


def window_check(start: time | datetime | None, end: time | datetime | None) -> None:
    """The one rule of a delivery window, as times of day or as moments, for every path that
    sets one (the intake door, the edit, the forms): both ends or neither, and the end after
    the start. Raises WindowRefused saying which."""
    if (start is None) != (end is None):
        raise WindowRefused(_("Give both ends of the window, or neither."))
    if start is not None and end <= start:
        raise WindowRefused(_("The window ends before it starts."))


def parse_window(value: str) -> tuple[time, time] | None:
    """"10:00-13:00" as two times of day (not yet held to window_check); None if it is none."""
    match = _WINDOW.match(value)
    try:
        return (time(int(match[1]), int(match[2])), time(int(match[3]), int(match[4])))
    except (TypeError, ValueError):
        return None


def _window(value, day: date | None, errors: _Errors):
    if not value:
        return None, None
    if isinstance(value, tuple):
        start, end = value
    else:
        start, end = parse_window(value) or (None, None)
        if start is None:
            errors.add("delivery.window", "invalid",
                       _("%(value)s is not a time window like 10:00-13:00.") % {"value": value})
            return None, None
    try:
        window_check(start, end)
    except WindowRefused as refused:
        errors.add("delivery.window", "invalid", f"{value}: {refused.message}")
        return None, None
    if day is None:
        return None, None
    zone = ZoneInfo(settings.TIME_ZONE)  # windows are Yerevan wall-clock times
    return (datetime.combine(day, start, tzinfo=zone), datetime.combine(day, end, tzinfo=zone))


def _amount(value, path: str, errors: _Errors, most: Decimal) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = to_decimal(value)
    except (ValueError, TypeError):
        errors.add(path, "invalid", _("%(value)s is not an amount.") % {"value": str(value)[:40]})
        return None
    if amount < 0:
        errors.add(path, "negative", _("An amount cannot be negative."))
        return None
    if amount > most:
        errors.add(path, "too_large", _("An amount can be at most %(most)s.") % {"most": most})
        return None
    if amount != amount.quantize(CENT):  # bounded above, so this cannot overflow
        errors.add(path, "invalid", _("An amount has at most two decimal places."))
        return None
    return amount


def _too_long(text, most: int) -> bool:
    return isinstance(text, str) and len(text) > most


def _lengths(n: NormalizedOrder, limits: Limits, errors: _Errors) -> None:
    """Every text within its column (or its setting), checked before anything parses it."""
    texts = [
        ("customer.name", n.customer.name, limits.customer_name),
        ("customer.phone", n.customer.phone, limits.phone),
        ("customer.email", n.customer.email, limits.email),
        ("recipient.name", n.recipient.name, limits.recipient_name),
        ("recipient.phone", n.recipient.phone, limits.phone),
        ("recipient.address", n.recipient.address, limits.max_address),
        ("card_message", n.card_message, limits.max_text),
        ("customer_comment", n.customer_comment, limits.max_text),
        ("partner_order_id", n.partner_order_id, limits.partner_order_id),
        ("site_number", n.site_number, limits.site_number),
        ("promo_code", n.promo_code, limits.promo_code),
    ]
    if len(n.items) <= limits.max_items:
        for index, item in enumerate(n.items):
            texts += [(f"items[{index}].sku", item.sku, limits.sku),
                      (f"items[{index}].name", item.name, limits.item_name)]
    for path, text, most in texts:
        if _too_long(text, most):
            errors.add(path, "too_long", _("At most %(most)d characters.") % {"most": most})
        elif isinstance(text, str) and "\x00" in text:  # PostgreSQL text cannot hold NUL
            errors.add(path, "invalid", _("Null characters are not allowed."))
        elif isinstance(text, str):
            # What a person will read: no control or direction override characters (issue 17).
            # The ends of a one-line text are whitespace the door strips anyway.
            multiline = path in MULTILINE_TEXTS
            character = unreadable_character(text if multiline else text.strip(),
                                             multiline=multiline)
            if character is not None:
                errors.add(path, "unreadable_character", unreadable_message(character))


def _searchable(code: str) -> bool:
    """Whether a code may be looked up at all (a NUL would make the query itself fail)."""
    return "\x00" not in code


def _sums(lines: list[CleanLine], fee: Decimal, limits: Limits, errors: _Errors) -> None:
    """Each line's amount and the whole order fit the order's amount columns."""
    subtotal = Decimal("0")
    for index, line in enumerate(lines):
        amount = line.unit_price * line.quantity
        if amount > limits.max_total:
            errors.add(f"items[{index}].quantity", "too_large",
                       _("This line comes to %(amount)s, more than an order can hold (%(most)s).")
                       % {"amount": amount, "most": limits.max_total})
        subtotal += amount
    if subtotal + fee > limits.max_total:
        errors.add("items", "too_large",
                   _("The order comes to %(amount)s, more than an order can hold (%(most)s).")
                   % {"amount": subtotal + fee, "most": limits.max_total})


def _lines(n: NormalizedOrder, limits: Limits, errors: _Errors) -> list[CleanLine]:
    if not n.items:
        errors.add("items", "required", _("The order has no items."))
        return []
    if len(n.items) > limits.max_items:  # refused before a single line is looked at
        errors.add("items", "too_many", _("An order has at most %(most)d items.")
                   % {"most": limits.max_items})
        return []
    catalog = products_by_sku(item.sku for item in n.items if _searchable(item.sku))
    lines = []
    for index, item in enumerate(n.items):
        path = f"items[{index}]"
        sku = (item.sku or "").strip().upper()
        product = catalog.get(sku)
        try:
            quantity = int(str(item.quantity).strip()[:12])
        except ValueError:
            quantity = 0
        if not 1 <= quantity <= limits.max_quantity:
            errors.add(f"{path}.quantity", "invalid",
                       _("Quantity must be a whole number from 1 to %(most)d.")
                       % {"most": limits.max_quantity})
            quantity = 0
        if not sku and not item.name.strip():
            errors.add(f"{path}.name", "required", _("An item needs a SKU or a name."))
        price = _amount(item.unit_price, f"{path}.unit_price", errors, limits.max_amount)
        if price is None and item.unit_price in (None, ""):
            if product is not None and product.currency == n.currency:
                price = product.price
            else:
                errors.add(f"{path}.unit_price", "required",
                           _("No price for %(item)s in %(currency)s.")
                           % {"item": sku or item.name, "currency": n.currency})
        name = item.name.strip() or (product.name_en if product else sku)
        lines.append(CleanLine(product=product, sku=sku, name=name[:limits.item_name],
                               quantity=quantity,
                               unit_price=price or Decimal("0"), is_upsell=item.is_upsell))
    return lines
