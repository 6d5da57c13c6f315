"""The managers' dashboard figures, read from the rollup (delivery.rollup), never the orders.

Every figure is about the orders *due* in a range of delivery dates (Yerevan dates): the
orders with that delivery date that are not cancelled (a cancelled order is in no figure).

- on time: delivered by the end of the promised window, or on the delivery date itself when
  there is no window (by the last delivered attempt's finish; an order marked delivered
  without any attempt is taken as on time: nothing says it was late);
- late: delivered after that, however late, or delivered after a failed attempt: the first
  promise was missed, even when the order was planned again and came within its new window;
- still open: not delivered (a failed order that was not delivered after all is open, and
  never on time);
- failures: failed attempts by reason, on the courier that failed (an order can fail twice;
  an order sent again to another date counts on its new date);
- on-time rate: on time ÷ due, where every due order counts (open and failed ones too).

Channels and brands: orders, revenue (the totals of orders in AMD), average order value,
share of upsell lines (OrderLine.is_upsell ÷ lines). Pre-order conversion per brand: pre-orders
(orders.Lead) created in the range that became orders ÷ all of them; pre-orders come through
the pre-order channel only."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum

from core.days import day_span
from orders.models import Brand, Channel, Lead

from .models import ConfirmationDay, Courier, DeliveryAttempt, DeliveryDay
from .rollup import DAY_DIMENSIONS, HISTOGRAM_DIMENSIONS, REASONS, SUMS, level_of, month_of, next_month


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"))


def _average(total: Decimal, count: int) -> Decimal | None:
    if not count:
        return None
    return (total / count).quantize(Decimal("0.01"))


@dataclass
class Figures:
    start: date
    end: date
    delivery: dict = field(default_factory=dict)      # due, on_time, late, still_open, ...
    failures: list = field(default_factory=list)      # [(reason, label, attempts)]
    days: list = field(default_factory=list)          # [{day, due, on_time, rate}]
    couriers: list = field(default_factory=list)      # [{courier_id, name, deliveries, ...}]
    channels: list = field(default_factory=list)      # [{channel, label, orders, revenue, ...}]
    brands: list = field(default_factory=list)        # [{brand_id, name, orders, ...}]
    confirmation: dict = field(default_factory=dict)  # {orders, median, p90} (minutes)


def _filtered(queryset, *, brand_id: int | None, channel: str | None):
    if brand_id:
        queryset = queryset.filter(brand_id=brand_id)
    if channel:
        queryset = queryset.filter(channel=channel)
    return queryset


def _clean(row: dict) -> dict:
    return {key: (value if value is not None else (Decimal("0") if key in
                  ("revenue", "cash_collected") else 0)) for key, value in row.items()}


def _sales(row: dict) -> dict:
    """orders, revenue, AOV, upsell share of a row of sums."""
    return {"orders": row["orders"], "revenue": row["revenue"],
            "aov": _average(row["revenue"], row["revenue_orders"]),
            "upsell_share": _rate(row["upsell_lines"], row["lines"])}


def dashboard_figures(*, start: date, end: date, brand_id: int | None = None,
                      channel: str | None = None, sections: frozenset[str] | None = None
                      ) -> Figures:
    """The dashboard's figures, read from the rollup: one query per table (days, the totals
    and groupings, confirmation, pre-orders), each reading the rows of the level it needs (a
    row per day, or per channel, brand or courier and day), whatever the number of orders."""
    sections = sections or frozenset({"delivery", "couriers", "sales", "desk"})
    dimensions = (["courier_id"] if "couriers" in sections else []) + (
        ["channel", "brand_id"] if "sales" in sections else [])
    grouped = _grouped(start=start, end=end, brand_id=brand_id, channel=channel,
                       dimensions=dimensions)
    figures = Figures(start=start, end=end)

    # The chart: day by day (the day rows of the totals' level, two sums).
    by_day = {row["day"]: row for row in _filtered(
        DeliveryDay.objects.filter(month=False, day__range=(start, end),
                                   level=_level(DAY_DIMENSIONS, (), brand_id, channel)),
        brand_id=brand_id, channel=channel)
        .values("day").annotate(orders=Sum("orders"), on_time=Sum("on_time")).order_by("day")}
    total = _clean(grouped["total"])
    figures.delivery = {"due": total["orders"], "on_time": total["on_time"],
                        "late": total["late"], "still_open": total["still_open"],
                        "failed_orders": total["failed_orders"],
                        "failures": sum(total[f"failed_{reason}"] for reason in REASONS),
                        "on_time_rate": _rate(total["on_time"], total["orders"])}
    labels = dict(DeliveryAttempt.FailureReason.choices)
    figures.failures = [(reason, labels[reason], total[f"failed_{reason}"]) for reason in REASONS]
    day = start
    while day <= end:  # every day of the range, those without orders too
        row = by_day.get(day)
        due, on_time = (row["orders"], row["on_time"]) if row else (0, 0)
        figures.days.append({"day": day, "due": due, "on_time": on_time,
                             "rate": _rate(on_time, due)})
        day += timedelta(days=1)

    if "couriers" in sections:
        names = {}
        per_courier = grouped["courier_id"]
        ids = [row["courier_id"] for row in per_courier if row["courier_id"]]
        if ids:
            names = dict(Courier.objects.filter(pk__in=ids).values_list("pk", "name"))
        for row in map(_clean, per_courier):
            failures = sum(row[f"failed_{reason}"] for reason in REASONS)
            figures.couriers.append({
                "courier_id": row["courier_id"], "name": names.get(row["courier_id"], ""),
                "due": row["orders"], "deliveries": row["on_time"] + row["late"],
                "on_time": row["on_time"], "on_time_rate": _rate(row["on_time"], row["orders"]),
                "failures": failures, "cash_collected": row["cash_collected"]})
        figures.couriers.sort(key=lambda row: (row["courier_id"] is None, row["name"]))

    if "sales" in sections:
        leads = _leads(start=start, end=end, brand_id=brand_id, channel=channel)
        channel_labels = dict(Channel.choices)
        channel_rows = {row["channel"]: _clean(row) for row in grouped["channel"]}
        # A channel whose pre-orders were all completed on another channel (or not yet) has
        # leads but no orders of its own: it is a row too.
        for key in sorted(set(channel_rows) | set(leads["channels"])):
            row = channel_rows.get(key) or _no_sales()
            converted, all_leads = leads["channels"].get(key, (None, None))
            figures.channels.append({
                "channel": key, "label": channel_labels.get(key, key),
                **_sales(row), "leads": all_leads, "converted": converted,
                "conversion": _rate(converted, all_leads) if all_leads else None})
        brand_rows = {row["brand_id"]: _clean(row) for row in grouped["brand_id"]}
        brand_names = dict(Brand.objects.filter(pk__in=set(brand_rows) | set(leads["brands"]))
                           .values_list("pk", "name"))
        for pk in sorted(set(brand_rows) | set(leads["brands"]), key=lambda pk: brand_names[pk]):
            row = brand_rows.get(pk) or _no_sales()
            converted, all_leads = leads["brands"].get(pk, (0, 0))
            figures.brands.append({"brand_id": pk, "name": brand_names[pk], **_sales(row),
                                   "leads": all_leads, "converted": converted,
                                   "conversion": _rate(converted, all_leads)})

    if "desk" in sections:
        histogram = _filtered(ConfirmationDay.objects.filter(
            _span(start, end), level=_level(HISTOGRAM_DIMENSIONS, (), brand_id, channel)),
            brand_id=brand_id, channel=channel)
        counts = list(histogram.values_list("minutes").annotate(n=Sum("orders"))
                      .order_by("minutes"))
        figures.confirmation = {"orders": sum(n for _m, n in counts),
                                "median": percentile(counts, 50),
                                "p90": percentile(counts, 90)}
    return figures


def _full_months(start: date, end: date) -> tuple[date, date]:
    """[first, after): the whole months inside start..end (first >= after: none)."""
    first = start if start.day == 1 else next_month(start)
    after = next_month(end) if (end + timedelta(days=1)).day == 1 else month_of(end)
    return first, after


def _span(start: date, end: date) -> Q:
    """The rollup rows that sum start..end once: whole months as month rows, the rest as days."""
    first, after = _full_months(start, end)
    if first >= after:
        return Q(month=False, day__range=(start, end))
    return (Q(month=True, day__gte=first, day__lt=after)
            | Q(month=False, day__gte=start, day__lt=first)
            | Q(month=False, day__gte=after, day__lte=end))


def _level(dimensions: dict[str, int], kept, brand_id: int | None, channel: str | None) -> int:
    """The level of the rollup rows that keep `kept` and the columns filtered on."""
    return level_of(dimensions, {*kept, *(["brand_id"] if brand_id else []),
                                 *(["channel"] if channel else [])})


def _grouped(*, start: date, end: date, brand_id: int | None, channel: str | None,
             dimensions: list[str]) -> dict:
    """The rollup's sums over start..end in total ("total": a dict) and grouped by each of
    `dimensions` ("courier_id", "channel", "brand_id": lists sorted by it), in one query: each
    grouping reads the rows of its own level (the total: a row per day or month; by channel: a
    row per channel and day...). Whole months are read from the month rows."""
    levels = {"total": _level(DAY_DIMENSIONS, (), brand_id, channel),
              **{dimension: _level(DAY_DIMENSIONS, (dimension,), brand_id, channel)
                 for dimension in dimensions}}
    rows = _filtered(DeliveryDay.objects.filter(_span(start, end),
                                                level__in=set(levels.values())),
                     brand_id=brand_id, channel=channel)
    sums = {f"sum_{name}": Sum(name) for name in SUMS}
    by_level: dict[int, list[dict]] = {}
    for row in rows.values("level", *DAY_DIMENSIONS).annotate(**sums).order_by():
        by_level.setdefault(row["level"], []).append(row)

    def values(row: dict) -> dict:
        return {name: row[f"sum_{name}"] for name in SUMS}

    total = by_level.get(levels["total"], [])
    result: dict = {"total": values(total[0]) if total else {name: None for name in SUMS}}
    for dimension in dimensions:
        result[dimension] = sorted(
            ({dimension: row[dimension], **values(row)}
             for row in by_level.get(levels[dimension], [])),
            key=lambda row, d=dimension: (row[d] is None, row[d]))
    return result


def percentile(counts: list[tuple[int, int]], p: int) -> int | None:
    """The nearest-rank p-th percentile of a histogram [(bucket, orders)] sorted by bucket."""
    whole = sum(n for _bucket, n in counts)
    if not whole:
        return None
    rank = max(1, math.ceil(p * whole / 100))
    seen = 0
    for bucket, n in counts:
        seen += n
        if seen >= rank:
            return bucket
    return counts[-1][0]


def _no_sales() -> dict:
    return {name: 0 for name in SUMS} | {"revenue": Decimal("0"), "cash_collected": Decimal("0")}


def _leads(*, start: date, end: date, brand_id: int | None, channel: str | None) -> dict:
    """Pre-orders created in the range (Yerevan dates), by the channel they came from (the
    lead's own, not the one the completing order was keyed on): {"total": (converted, all),
    "brands": {brand_id: (converted, all)}, "channels": {channel: (converted, all)}}."""
    result = {"total": (0, 0), "brands": {}, "channels": {}}
    since, until = day_span(start, end)
    leads = Lead.objects.filter(created_at__gte=since, created_at__lt=until)
    if brand_id:
        leads = leads.filter(brand_id=brand_id)
    if channel:
        leads = leads.filter(channel=channel)
    converted_total = all_total = 0
    for pk, lead_channel, converted, everything in (
            leads.values_list("brand_id", "channel")
            .annotate(c=Count("id", filter=Q(status=Lead.Status.CONVERTED)), n=Count("id"))
            .order_by()):
        for key, group in ((pk, "brands"), (lead_channel, "channels")):
            was_converted, was_all = result[group].get(key, (0, 0))
            result[group][key] = (was_converted + converted, was_all + everything)
        converted_total += converted
        all_total += everything
    result["total"] = (converted_total, all_total)
    return result
