"""Reads of orders shared by pages, the API and dashboards."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Product, PromoCode, StockItem
from core.phones import parse_phone, phone_search_variants

from .models import Customer, Lead, Order, OrderEvent, OrderLine, Status
from .rules import BEFORE_DISPATCH


def status_counts() -> list[tuple[str, int]]:
    """(label, count) for every status, in the order of the lifecycle; one query."""
    counts = dict(Order.objects.values_list("status").annotate(n=Count("id")).order_by())
    return [(status.label, counts.get(status.value, 0)) for status in Status]


# --- the operator desk (issue #6) -------------------------------------------------------------

# Not yet with the courier: an order in one of these after its window is late.
NOT_YET_OUT = BEFORE_DISPATCH
# A person must act: the intake flagged it, the customer has not been reached yet, or something
# arrived that the desk could not apply by itself (`attention`). Stored on the order.
NEEDS_PERSON_STORED = (Q(has_unknown_items=True) | Q(has_total_mismatch=True)
                       | Q(has_past_date=True) | Q(has_price_mismatch=True) | Q(over_capacity=True)
                       | Q(past_cutoff=True)
                       | Q(status=Status.AWAITING_CUSTOMER) | ~Q(attention=""))
QUEUE_ORDERING = ("delivery_date", "window_start", "created_at")


def window_passed_q(now: datetime | None = None) -> Q:
    """The time promised is over as of `now`: after the window's end (the window includes its
    end, as a delivery at that moment is on time: delivery.punctuality), or, without a window,
    after the delivery day. The clock's question; whether a delivered order kept its promise
    is delivery.punctuality's."""
    now = now or timezone.now()
    return (Q(window_end__isnull=False, window_end__lt=now)  # never NULL, as an annotation
            | Q(window_end__isnull=True, delivery_date__lt=timezone.localdate(now)))


def late_today_q(now: datetime | None = None) -> Q:
    """Today's window has passed (window_passed_q, said for today's orders with a window) and
    the order is not out yet (the "overdue" filter covers only earlier days). Read from the
    clock, never stored: no beat task, no stale flag."""
    now = now or timezone.now()
    return Q(delivery_date=timezone.localdate(now), window_end__lt=now,
             status__in=NOT_YET_OUT)


def needs_person_q(now: datetime | None = None) -> Q:
    """Every reason a person must look, the stored ones and the clock's; for any queryset."""
    return NEEDS_PERSON_STORED | late_today_q(now)


# For querysets of `queue_orders()`, which carry `is_late_today` as of the request: the queue
# filter's "needs a person".
NEEDS_PERSON = NEEDS_PERSON_STORED | Q(is_late_today=True)


def needs_person_reasons(order: Order, now: datetime | None = None) -> list[str]:
    """Why a person must look at this order, as sentences in the active language."""
    reasons = []
    if order.has_past_date:
        reasons.append(_("The delivery date had already passed when the order arrived."))
    if order.has_price_mismatch:
        reasons.append(_("A price on the order differs from the catalog price."))
    if order.has_total_mismatch:
        reasons.append(_("The stated total differs from the sum of the lines."))
    if order.has_unknown_items:
        reasons.append(_("Some items are not in the catalog."))
    if order.over_capacity:
        reasons.append(_("Its delivery window was already full when it took its place."))
    if order.past_cutoff:
        reasons.append(_("It arrived after its delivery window had closed for new orders."))
    if is_late_today(order, now):
        reasons.append(_("Today's delivery window has passed and the order is not out yet."))
    if order.status == Status.AWAITING_CUSTOMER:
        reasons.append(_("The customer has not confirmed yet."))
    if order.attention:
        reasons.append(order.attention)  # already a sentence (a partner's late change)
    return reasons


def is_late_today(order: Order, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (order.status in NOT_YET_OUT and order.window_end is not None
            and order.delivery_date == timezone.localdate(now) and order.window_end < now)


# The reasons a queue row shows as markers: the row's field (QUEUE_FIELDS) and its label.
QUEUE_MARKERS = {
    "has_past_date": gettext_lazy("date passed"), "has_price_mismatch": gettext_lazy("price differs"),
    "has_total_mismatch": gettext_lazy("total mismatch"),
    "has_unknown_items": gettext_lazy("unknown items"), "is_late_today": gettext_lazy("late today"),
    "over_capacity": gettext_lazy("window full"), "past_cutoff": gettext_lazy("after cut-off"),
    "attention": gettext_lazy("needs a person"),
}


def queue_markers(item: dict[str, Any], labels: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(code, label) of the reasons a queue row (a dict of QUEUE_FIELDS) shows as markers.
    A page of rows passes the labels translated once (`queue_marker_labels()`)."""
    labels = labels or queue_marker_labels()
    return [(code, label) for code, label in labels.items() if item.get(code)]


def queue_marker_labels() -> dict[str, str]:
    """QUEUE_MARKERS in the active language."""
    return {code: str(label) for code, label in QUEUE_MARKERS.items()}


def _text(path: str) -> ExpressionWrapper:
    # A phone as its stored text (E.164): turning each into a PhoneNumber object costs more
    # than the whole query, and the queue only links and shows it.
    return ExpressionWrapper(F(path), output_field=CharField())


# The queue's rows are plain dicts (values()): building four model objects per row cost twice
# what the query itself did, on the page every operator's screen refreshes every 30 seconds.
QUEUE_FIELDS = ("id", "channel", "status", "site_number", "partner_order_id", "recipient_name",
                "delivery_date", "window_start", "window_end", "total", "currency",
                "created_at", "has_unknown_items", "has_total_mismatch", "has_past_date",
                "has_price_mismatch", "over_capacity", "past_cutoff", "is_late_today", "attention",
                "brand__name", "customer__name", "customer_phone", "recipient_phone_text",
                "assignment__courier__name")
LEAD_FIELDS = ("id", "site_number", "delivery_date", "total", "currency", "created_at",
               "brand__name", "customer__name", "customer_phone")


def queue_orders(now: datetime | None = None) -> QuerySet[Order]:
    """Orders for the queue, most urgent first; `queue_page` reads a page of them. Each carries
    `is_late_today` (its window passed today and it is not out) as of `now`."""
    return Order.objects.annotate(
        customer_phone=_text("customer__phone"), recipient_phone_text=_text("recipient_phone"),
        is_late_today=ExpressionWrapper(late_today_q(now), output_field=BooleanField()),
    ).order_by(*QUEUE_ORDERING)


def queue_page(orders: QuerySet[Order], start: int, stop: int) -> list[dict]:
    """One query for a page of rows, whatever the row count."""
    return list(orders.values(*QUEUE_FIELDS)[start:stop])


def queue_leads() -> QuerySet[Lead]:
    return (Lead.objects.filter(status=Lead.Status.OPEN)
            .annotate(customer_phone=_text("customer__phone"))
            .order_by("delivery_date", "created_at"))


SEARCH_CUSTOMERS = 500


def _own_number(text: str) -> int | None:
    number = text.upper().removeprefix("RG-").removeprefix("RG")
    if text.upper().startswith("RG") and number.isdigit() and len(number) < 10:
        return int(number)
    return None


def search_customers(text: str) -> list[int]:
    """Customers whose name or phone matches (one query, by trigram index on PostgreSQL)."""
    text = (text or "").strip()
    if not text or _own_number(text) is not None:
        return []
    people = Q(name__icontains=text)
    for variant in phone_search_variants(text):
        people |= Q(phone=variant) if variant.startswith("+") else Q(phone__contains=variant)
    return list(Customer.objects.filter(people).values_list("pk", flat=True)[:SEARCH_CUSTOMERS])


def search_filter(text: str, *, customer_ids: list[int] | None = None,
                  for_leads: bool = False) -> Q:
    """Phone in any format, name, RG number, site or partner order number.

    The matching customers are looked up first (`search_customers`) and passed as ids, so that
    PostgreSQL can OR the orders' own indexes together instead of joining every order."""
    text = (text or "").strip()
    if not text:
        return Q()
    own = _own_number(text)
    if own is not None:
        return Q(pk=own) if not for_leads else Q(pk__in=[])  # our own RG-000123
    variants = phone_search_variants(text)
    if customer_ids is None:
        customer_ids = search_customers(text)
    query = Q(customer_id__in=customer_ids) | Q(site_number__iexact=text)
    if not for_leads:
        query |= Q(recipient_name__icontains=text) | Q(partner_order_id__iexact=text)
        for variant in variants:
            query |= (Q(recipient_phone=variant) if variant.startswith("+")
                      else Q(recipient_phone__contains=variant))
    return query


@dataclass
class QueueRow:
    kind: str  # "order" or "lead"
    item: dict[str, Any]  # a row of QUEUE_FIELDS or LEAD_FIELDS

    @property
    def pk(self) -> int:
        return self.item["id"]

    @property
    def sort_key(self):
        item = self.item
        window_start = item.get("window_start")
        return (item["delivery_date"] or date.max, window_start is None,
                window_start or item["created_at"], item["created_at"])


def queue_rows(orders: list[dict], leads: list[dict], *, limit: int) -> list[QueueRow]:
    """One list by urgency: delivery date and window first, then age."""
    rows = [QueueRow("order", order) for order in orders]
    rows += [QueueRow("lead", lead) for lead in leads]
    rows.sort(key=lambda row: row.sort_key)
    return rows[:limit]


def order_for_page(order_id: int) -> Order:
    """An order with everything its page shows, in a fixed number of queries."""
    return (
        Order.objects.select_related("brand", "customer", "partner", "promo_code",
                                     "assignment__courier")
        .prefetch_related(
            Prefetch("lines", OrderLine.objects.select_related("product__category")),
            Prefetch("lines__product__stock", StockItem.objects.select_related("location")),
            "lines__reservations",
            Prefetch("events", OrderEvent.objects.select_related("actor")),
            "inbound_messages",
        )
        .get(pk=order_id)
    )


@dataclass
class LineStock:
    line: OrderLine
    places: list  # StockItem rows
    free: int
    reserved: int
    is_covered: bool
    alternatives: list = field(default_factory=list)


def line_stock(order: Order) -> list[LineStock]:
    """Stock per location for every line and, for a line that cannot be covered, alternatives
    from the same category with stock and a price within 30 %: one query for all of them."""

    rows, short = [], []
    for line in order.lines.all():
        places = list(line.product.stock.all()) if line.product_id else []
        reserved = sum(r.quantity for r in line.reservations.all())
        free = sum(place.free for place in places)
        covered = line.product_id is not None and (reserved >= line.quantity
                                                   or free >= line.quantity - reserved)
        row = LineStock(line, places, free, reserved, covered)
        rows.append(row)
        if line.product_id and not covered:
            short.append(row)
    if short:
        in_order = {row.line.product_id for row in rows}
        candidates = list(
            Product.objects.filter(category_id__in={r.line.product.category_id for r in short},
                                   is_active=True)
            .exclude(pk__in=in_order)
            .annotate(free=Coalesce(Sum("stock__on_hand"), 0) - Coalesce(Sum("stock__reserved"), 0))
            .filter(free__gt=0)
        )
        for row in short:
            price = row.line.unit_price
            low, high = price * Decimal("0.7"), price * Decimal("1.3")
            fits = [p for p in candidates if p.category_id == row.line.product.category_id
                    and low <= p.price <= high and p.free >= row.line.quantity]
            row.alternatives = sorted(fits, key=lambda p: abs(p.price - price))[:3]
    return rows


def promo_codes_in_force() -> list:
    now = timezone.now()
    return list(
        PromoCode.objects.select_related("promotion")
        .filter(promotion__is_active=True, promotion__valid_from__lte=now,
                promotion__valid_until__gt=now)
        .filter(Q(max_uses__isnull=True) | Q(times_used__lt=F("max_uses")))
        .order_by("code")
    )


def customer_lookup(phone_text: str) -> dict | None:
    """A known customer by phone as typed: name, e-mail, language and past recipients."""
    number = parse_phone(phone_text)
    if number is None:
        return None
    customer = Customer.objects.filter(phone=number).first()
    if customer is None:
        return None
    recipients, seen = [], set()
    for name, phone, address in (customer.orders.order_by("-created_at")
                                 .values_list("recipient_name", "recipient_phone", "recipient_address")[:20]):
        key = (name, str(phone or ""), address)
        if key in seen:
            continue
        seen.add(key)
        recipients.append({"name": name, "phone": str(phone or ""), "address": address})
    return {"id": customer.pk, "name": customer.name, "email": customer.email,
            "language": customer.language, "phone": number.as_e164, "recipients": recipients[:5]}


def lead_stats() -> dict[str, Any]:
    """Counts by outcome and the conversion rate (completed out of all the closed ones)."""
    counts = dict(Lead.objects.values_list("status").annotate(n=Count("id")).order_by())
    converted = counts.get(Lead.Status.CONVERTED, 0)
    closed = converted + counts.get(Lead.Status.NOT_INTERESTED, 0) + counts.get(
        Lead.Status.UNREACHABLE, 0)
    rate = (Decimal(converted) * 100 / closed).quantize(Decimal("0.1")) if closed else None
    return {"counts": [(status.label, counts.get(status.value, 0)) for status in Lead.Status],
            "converted": converted, "closed": closed, "rate": rate}
