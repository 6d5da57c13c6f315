"""The one door into the orders domain: every channel's NormalizedOrder comes through here."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone

from catalog.models import PromoCode
from core.queries import unique_row

from .. import capacity, events
from ..models import Lead, Order, OrderLine, Partner
from ..normalized import NormalizedOrder
from ..rules import lines_subtotal, order_total
from .customers import customer_upsert
from .validation import CleanOrder, clean


@dataclass(frozen=True)
class IntakeResult:
    outcome: str  # "order", "lead", "duplicate" or "full"
    order: Order | None = None
    lead: Lead | None = None
    completed_lead: Lead | None = None  # the pre-order this order completed, if any
    place: capacity.Place = capacity.UNLIMITED  # its window's place (FULL: refused, nothing written)

    ORDER, LEAD, DUPLICATE, FULL = "order", "lead", "duplicate", "full"


def intake(*, normalized: NormalizedOrder, source: str, actor=None,
           partner: Partner | None = None, ask: capacity.Ask | None = None) -> IntakeResult:
    """Take one order (or pre-order) from any channel.

    Idempotent on the external reference: a site number already taken for the brand, or a
    partner order id already taken for the partner, is a duplicate. A pre-order becomes a Lead;
    an order with the site number of an open lead completes it. Raises IntakeInvalid with
    every bad field; nothing is written then. `source` names the system that delivered it
    (an inbound mailbox, a partner, the desk) for the timeline. `partner`, with its brand, is
    the partner `normalized.partner` names when the caller has already read it (the API's key
    comes with it): the door then does not read it again. `ask`: what this channel does when
    the window is full (orders.capacity; by default the order is kept, marked)."""
    checked = clean(normalized, partner=partner)
    ask = ask or capacity.Ask(actor=actor)
    # No savepoint around the whole intake: only the INSERT that may meet a twin needs one
    # (_insert_unless_taken), so the caller's transaction stays usable after a duplicate.
    with transaction.atomic(savepoint=False):
        return _take(checked, source=source, actor=actor, ask=ask)


def _insert_unless_taken(obj: Model) -> bool:
    """INSERT the new order or lead in a savepoint: False, and nothing written, when a
    concurrent intake of the same reference committed its row first (PostgreSQL waits for that
    transaction to end, then our INSERT breaks the unique constraint). The savepoint keeps the
    caller's transaction (a batch of e-mails, an API request) usable after that."""
    try:
        with transaction.atomic():
            obj.save(force_insert=True)
    except IntegrityError:
        if _twin_exists(obj):
            return False
        raise  # not a twin: a real error (a check constraint), not a duplicate
    return True


def _twin_exists(obj: Model) -> bool:
    """Whether a row other than ours holds the reference that made our INSERT fail."""
    if isinstance(obj, Lead):
        return Lead.objects.filter(brand_id=obj.brand_id, site_number=obj.site_number).exists()
    twins = Order.objects.none()
    if obj.site_number:
        twins |= Order.objects.filter(brand_id=obj.brand_id, site_number=obj.site_number)
    if obj.partner_id and obj.partner_order_id:
        twins |= Order.objects.filter(partner_id=obj.partner_id,
                                      partner_order_id=obj.partner_order_id)
    return twins.exists()


def _twin(checked: CleanOrder) -> IntakeResult:
    """The duplicate answer when our INSERT found its reference taken by a concurrent intake."""
    existing = _existing(checked)
    if existing is None:  # a conflict that was no twin of ours: should not happen
        raise IntegrityError("intake: the insert was skipped but no order or lead holds "
                             "its reference")
    return existing


def _existing(checked: CleanOrder) -> IntakeResult | None:
    n = checked.source
    if n.site_number:
        order = unique_row(Order.objects.filter(brand=checked.brand, site_number=n.site_number))
        if order is not None:
            return IntakeResult(IntakeResult.DUPLICATE, order=order)
    if checked.partner is not None and n.partner_order_id:
        existing = _existing_partner_order(checked)
        if existing is not None:
            return existing
    if n.is_preorder and n.site_number:
        lead = unique_row(Lead.objects.filter(brand=checked.brand, site_number=n.site_number))
        if lead is not None:
            return IntakeResult(IntakeResult.DUPLICATE, lead=lead)
    return None


def _existing_partner_order(checked: CleanOrder) -> IntakeResult | None:
    order = unique_row(Order.objects.filter(partner=checked.partner,
                                            partner_order_id=checked.source.partner_order_id))
    return None if order is None else IntakeResult(IntakeResult.DUPLICATE, order=order)


def _site_number_holders(checked: CleanOrder) -> tuple[int | None, bool]:
    """The id of the order already holding this site number, and whether a lead without an
    order has it: one round trip for both, so the usual order with no pre-order behind it
    skips the locking lead query after its insert. (A lead committed after this read, while
    the order is being written, is missed as it would be a moment later: the two intakes race
    either way, and the unique constraints keep each side to one row.)"""
    quote = connection.ops.quote_name
    orders, leads = quote(Order._meta.db_table), quote(Lead._meta.db_table)
    sql = (f"SELECT 'order', id FROM {orders} WHERE brand_id = %s AND site_number = %s "
           f"UNION ALL SELECT 'lead', id FROM {leads} "
           "WHERE brand_id = %s AND site_number = %s AND order_id IS NULL")
    site_number = checked.source.site_number
    with connection.cursor() as cursor:
        cursor.execute(sql, [checked.brand.pk, site_number, checked.brand.pk, site_number])
        found = dict(cursor.fetchall())
    return found.get("order"), "lead" in found


def _prices_off_catalog(checked: CleanOrder) -> list[dict]:
    """"Name at the stated price (catalog price)" (a timeline phrase) for each line whose stated
    price is not the catalog's, in the order's currency. Kept as stated, never corrected: a
    person decides."""
    currency = checked.source.currency
    return [events.phrase("price_off_catalog", name=line.product.sku,
                          stated=str(line.unit_price), catalog=str(line.product.price))
            for line in checked.lines
            if line.product is not None and line.product.currency == currency
            and line.unit_price != line.product.price]


def _place(checked: CleanOrder, ask: capacity.Ask) -> capacity.Place:
    """The order's place in its window, locked until this intake commits (a pre-order takes
    none: it is no promise yet)."""
    if checked.source.is_preorder:
        return capacity.UNLIMITED
    return capacity.reserve(address=checked.source.recipient.address,
                            day=checked.delivery_date, window_start=checked.window_start,
                            window_end=checked.window_end, holder=ask.actor)


def _take(checked: CleanOrder, *, source: str, actor, ask: capacity.Ask) -> IntakeResult:
    n = checked.source
    lead_may_wait = False
    if n.site_number and not n.is_preorder:
        order_id, lead_may_wait = _site_number_holders(checked)
        if order_id is not None:
            return IntakeResult(IntakeResult.DUPLICATE, order=Order.objects.get(pk=order_id))
        if checked.partner is not None and n.partner_order_id:
            existing = _existing_partner_order(checked)
            if existing is not None:
                return existing
    else:
        existing = _existing(checked)
        if existing is not None:
            return existing
    place = _place(checked, ask)  # before any write: a refusal leaves nothing behind
    if capacity.refused(place, ask):
        return IntakeResult(IntakeResult.FULL, place=place)
    customer = customer_upsert(phone=checked.customer_phone, name=n.customer.name,
                               email=n.customer.email, language=n.customer.language)
    subtotal = lines_subtotal(checked.lines)
    computed_total = order_total(subtotal=subtotal, delivery_fee=checked.delivery_fee,
                                 discount=checked.discount)
    if n.is_preorder:
        lead = Lead(
            brand=checked.brand, site_number=n.site_number, channel=n.channel, customer=customer,
            details=n.to_json(), delivery_date=checked.delivery_date, currency=n.currency,
            total=checked.stated_total if checked.stated_total is not None else computed_total,
        )
        if not _insert_unless_taken(lead):
            return _twin(checked)
        return IntakeResult(IntakeResult.LEAD, lead=lead)

    # Why the order needs a person, as phrases: the timeline says them in the reader's language.
    flags = []
    total = checked.stated_total
    if total is None:
        total = computed_total
    has_mismatch = total != computed_total
    if has_mismatch:
        flags.append(events.phrase("total_mismatch", stated=str(total),
                                   computed=str(computed_total)))
    unknown = [line.sku or line.name for line in checked.lines if line.product is None]
    if unknown:
        flags.append(events.phrase("not_in_catalog", items=unknown))
    repriced = _prices_off_catalog(checked)
    if repriced:
        flags.append(events.phrase("prices_differ", items=repriced))
    past_date = checked.delivery_date is not None and checked.delivery_date < timezone.localdate()
    if past_date:
        flags.append(events.phrase("date_passed", date=checked.delivery_date.isoformat()))
    promo = None
    if n.promo_code:
        promo = PromoCode.objects.filter(code__iexact=n.promo_code.strip()).first()
        if promo is None:
            flags.append(events.phrase("promo_unknown", code=n.promo_code))
    over_capacity = capacity.marks_over(place, ask)
    if over_capacity:
        flags.append(capacity.full_phrase(place))
    if place.closed:
        flags.append(capacity.closed_phrase())

    order = Order(
        brand=checked.brand, channel=n.channel, site_number=n.site_number,
        partner=checked.partner, partner_order_id=n.partner_order_id if checked.partner else "",
        customer=customer, recipient_name=n.recipient.name.strip(),
        recipient_phone=checked.recipient_phone or "", recipient_address=n.recipient.address.strip(),
        delivery_date=checked.delivery_date, window_start=checked.window_start,
        window_end=checked.window_end, card_message=n.card_message.strip(),
        is_anonymous=n.is_anonymous, customer_comment=n.customer_comment.strip(),
        payment_method=checked.payment_method, is_paid=n.is_paid, promo_code=promo,
        currency=n.currency, subtotal=subtotal, delivery_fee=checked.delivery_fee,
        discount=checked.discount, total=total, has_unknown_items=bool(unknown),
        has_total_mismatch=has_mismatch, has_past_date=past_date,
        has_price_mismatch=bool(repriced), over_capacity=over_capacity,
        past_cutoff=place.closed,
    )
    if not _insert_unless_taken(order):
        return _twin(checked)
    capacity.record(order, place, ask, fresh=True)
    OrderLine.objects.bulk_create([
        OrderLine(order=order, product=line.product, sku=line.sku, name=line.name,
                  quantity=line.quantity, unit_price=line.unit_price, is_upsell=line.is_upsell)
        for line in checked.lines
    ])
    events.created(order=order, actor=actor, system=source,
                   said=events.phrase("needs_person", why=flags) if flags else None)

    completed = None
    if lead_may_wait:
        # Any lead still without an order: a customer marked "not interested" may pay after all.
        completed = Lead.objects.select_for_update().filter(
            brand=checked.brand, site_number=n.site_number, order__isnull=True
        ).first()
        if completed is not None:
            completed.status, completed.order = Lead.Status.CONVERTED, order
            completed.closed_at = timezone.now()
            completed.save(update_fields=["status", "order", "closed_at"])
            events.lead_converted(order=order, lead_id=completed.pk, system=source, actor=actor)
    return IntakeResult(IntakeResult.ORDER, order=order, completed_lead=completed)
