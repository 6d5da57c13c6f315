"""The managers' dashboard figures, and the daily rollup they are read from.

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
the pre-order channel only.

Speed: the dashboard never reads the orders. `rollup_refresh` recomputes the rows of
DeliveryDay and ConfirmationDay for some days from the orders in SQL (delete, insert, one
transaction, serialised by an advisory lock). A subscriber of order.status_changed and
order.changed refreshes the order's day(s) after commit (through a task); the nightly
`delivery.rollup_rebuild` task and `manage.py rollup_rebuild` recompute everything, so the
rollup can never drift for longer than a night even if a change bypasses the services."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from core.days import day_span
from orders.models import Brand, Channel, Lead

from .models import ConfirmationDay, Courier, DeliveryAttempt, DeliveryDay

REASONS: list[str] = list(DeliveryAttempt.FailureReason.values)
# Upper bounds (minutes) of the arrival-to-confirmation histogram: finer where the desk's
# answers fall, about 35 buckets so that a year of rows stays small (a median of 17 minutes
# reads "at most 20").
BUCKETS: list[int] = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 90, 105, 120,
                      150, 180, 240, 300, 360, 480, 600, 720, 960, 1200, 1440, 2880, 4320,
                      10080, 10_000_000]
_LOCK = 7_412_001  # pg_advisory_xact_lock key of a rollup refresh
SUMS = ["orders", "on_time", "late", "still_open", "failed_orders",
        *[f"failed_{reason}" for reason in REASONS], "revenue", "revenue_orders",
        "cash_collected", "lines", "upsell_lines"]


def bucket_of(minutes: int) -> int:
    """The histogram bucket (its upper bound) of a wait of `minutes`."""
    return next((bound for bound in BUCKETS if bound >= minutes), BUCKETS[-1])


# --- the rollup -------------------------------------------------------------------------------

_DAY_SQL = """
WITH o AS (
    SELECT o.id, o.delivery_date AS day, o.brand_id, o.channel, a.courier_id, o.status,
           o.payment_method, o.currency, o.total,
           (o.status = 'delivered' AND NOT EXISTS (
                SELECT 1 FROM delivery_deliveryattempt f
                WHERE f.order_id = o.id AND f.status = 'failed')
            AND (d.at IS NULL OR CASE
                WHEN o.window_end IS NOT NULL THEN d.at <= o.window_end
                ELSE (d.at AT TIME ZONE %(tz)s)::date <= o.delivery_date END)) AS on_time,
           EXISTS (SELECT 1 FROM delivery_deliveryattempt f
                   WHERE f.order_id = o.id AND f.status = 'failed') AS failed,
           l.lines, l.upsell
    FROM orders_order o
    LEFT JOIN delivery_assignment a ON a.order_id = o.id
    LEFT JOIN LATERAL (SELECT max(t.finished_at) AS at FROM delivery_deliveryattempt t
                       WHERE t.order_id = o.id AND t.status = 'delivered') d ON true
    LEFT JOIN LATERAL (SELECT count(*) AS lines, count(*) FILTER (WHERE ol.is_upsell) AS upsell
                       FROM orders_orderline ol WHERE ol.order_id = o.id) l ON true
    WHERE o.delivery_date BETWEEN %(start)s AND %(end)s AND o.status <> 'cancelled'
), r AS (
    SELECT day, brand_id, channel, courier_id, 1 AS orders, on_time::int AS on_time,
           (status = 'delivered' AND NOT on_time)::int AS late,
           (status <> 'delivered')::int AS still_open, failed::int AS failed_orders,
           {zero_reasons},
           CASE WHEN currency = 'AMD' THEN total ELSE 0 END AS revenue,
           (currency = 'AMD')::int AS revenue_orders,
           CASE WHEN status = 'delivered' AND payment_method = 'cash' AND currency = 'AMD'
                THEN total ELSE 0 END AS cash_collected,
           lines, upsell AS upsell_lines
    FROM o
    UNION ALL
    SELECT o.day, o.brand_id, o.channel, t.courier_id, 0, 0, 0, 0, 0,
           {reason_flags},
           0, 0, 0, 0, 0
    FROM o JOIN delivery_deliveryattempt t ON t.order_id = o.id AND t.status = 'failed'
)
INSERT INTO delivery_deliveryday (month, day, brand_id, channel, courier_id, {sums})
SELECT false, day, brand_id, channel, courier_id, {sum_exprs}
FROM r GROUP BY day, brand_id, channel, courier_id
""".format(
    zero_reasons=", ".join(f"0 AS failed_{reason}" for reason in REASONS),
    reason_flags=", ".join(f"(t.failure_reason = '{reason}')::int" for reason in REASONS),
    sums=", ".join(SUMS),
    sum_exprs=", ".join(f"sum({name})" for name in SUMS),
)

_CONFIRM_SQL = """
WITH c AS (
    SELECT o.delivery_date AS day, o.brand_id, o.channel,
           GREATEST(1, CEIL(EXTRACT(EPOCH FROM (e.at - o.created_at)) / 60))::int AS m
    FROM orders_order o
    JOIN LATERAL (SELECT min(ev.created_at) AS at FROM orders_orderevent ev
                  WHERE ev.order_id = o.id AND ev.kind = 'status_changed'
                    AND ev.after ->> 'status' = 'confirmed') e ON e.at IS NOT NULL
    WHERE o.delivery_date BETWEEN %(start)s AND %(end)s AND o.status <> 'cancelled'
)
INSERT INTO delivery_confirmationday (month, day, brand_id, channel, minutes, orders)
SELECT false, day, brand_id, channel,
       COALESCE((SELECT min(b) FROM unnest(%(buckets)s::int[]) b WHERE b >= m), %(last)s),
       count(*)
FROM c GROUP BY 2, 3, 4, 5
"""


@transaction.atomic
def rollup_refresh(*, start: date, end: date) -> None:
    """Recompute the rollup rows of the delivery dates start..end (inclusive) from the orders:
    in SQL on PostgreSQL, in Python elsewhere (SQLite of `make run`); both give the same rows."""
    if connection.vendor != "postgresql":
        _refresh_python(start=start, end=end)
        return
    params = {"start": start, "end": end, "tz": settings.TIME_ZONE, "buckets": BUCKETS,
              "last": BUCKETS[-1]}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        cursor.execute("DELETE FROM delivery_deliveryday WHERE NOT month "
                       "AND day BETWEEN %s AND %s", [start, end])
        cursor.execute("DELETE FROM delivery_confirmationday WHERE NOT month "
                       "AND day BETWEEN %s AND %s", [start, end])
        cursor.execute(_DAY_SQL, params)
        cursor.execute(_CONFIRM_SQL, params)
        # The whole months these days are in, summed again from their days.
        first, after = _month_of(start), _next_month(_month_of(end))
        cursor.execute("DELETE FROM delivery_deliveryday WHERE month AND day >= %s AND day < %s",
                       [first, after])
        cursor.execute("DELETE FROM delivery_confirmationday WHERE month "
                       "AND day >= %s AND day < %s", [first, after])
        cursor.execute(f"""
INSERT INTO delivery_deliveryday (month, day, brand_id, channel, courier_id, {', '.join(SUMS)})
SELECT true, date_trunc('month', day)::date, brand_id, channel, courier_id,
       {', '.join(f'sum({name})' for name in SUMS)}
FROM delivery_deliveryday WHERE NOT month AND day >= %s AND day < %s
GROUP BY 2, 3, 4, 5""", [first, after])
        cursor.execute("""
INSERT INTO delivery_confirmationday (month, day, brand_id, channel, minutes, orders)
SELECT true, date_trunc('month', day)::date, brand_id, channel, minutes, sum(orders)
FROM delivery_confirmationday WHERE NOT month AND day >= %s AND day < %s
GROUP BY 2, 3, 4, 5""", [first, after])


def _month_of(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _refresh_months_python(*, start: date, end: date) -> None:
    first, after = _month_of(start), _next_month(_month_of(end))
    DeliveryDay.objects.filter(month=True, day__gte=first, day__lt=after).delete()
    ConfirmationDay.objects.filter(month=True, day__gte=first, day__lt=after).delete()
    months: dict = {}
    for row in DeliveryDay.objects.filter(month=False, day__gte=first, day__lt=after).values(
            "day", "brand_id", "channel", "courier_id", *SUMS):
        key = (_month_of(row["day"]), row["brand_id"], row["channel"], row["courier_id"])
        sums = months.setdefault(key, {name: 0 for name in SUMS})
        for name in SUMS:
            sums[name] += row[name]
    DeliveryDay.objects.bulk_create([
        DeliveryDay(month=True, day=day, brand_id=brand, channel=channel, courier_id=courier,
                    **sums) for (day, brand, channel, courier), sums in months.items()])
    histogram: dict = {}
    for day, brand, channel, minutes, n in ConfirmationDay.objects.filter(
            month=False, day__gte=first, day__lt=after).values_list(
            "day", "brand_id", "channel", "minutes", "orders"):
        key = (_month_of(day), brand, channel, minutes)
        histogram[key] = histogram.get(key, 0) + n
    ConfirmationDay.objects.bulk_create([
        ConfirmationDay(month=True, day=day, brand_id=brand, channel=channel, minutes=minutes,
                        orders=n) for (day, brand, channel, minutes), n in histogram.items()])


def _refresh_python(*, start: date, end: date) -> None:
    """rollup_refresh, the same rules in Python over the ORM (for databases other than
    PostgreSQL, and as the second opinion of the tests)."""
    from orders.models import Order, OrderEvent, PaymentMethod, Status

    tz = timezone.get_default_timezone()
    DeliveryDay.objects.filter(month=False, day__range=(start, end)).delete()
    ConfirmationDay.objects.filter(month=False, day__range=(start, end)).delete()
    orders = list(Order.objects.filter(delivery_date__range=(start, end))
                  .exclude(status=Status.CANCELLED)
                  .select_related("assignment").prefetch_related("attempts", "lines"))
    confirmed = {}
    for order_id, when in (OrderEvent.objects.filter(
            order__in=orders, kind=OrderEvent.Kind.STATUS_CHANGED,
            after__status=Status.CONFIRMED).values_list("order_id", "created_at")):
        confirmed[order_id] = min(when, confirmed.get(order_id, when))
    rows: dict = {}
    histogram: dict = {}

    def row(order, courier_id):
        key = (order.delivery_date, order.brand_id, order.channel, courier_id)
        if key not in rows:
            rows[key] = {name: 0 for name in SUMS} | {"revenue": Decimal("0"),
                                                     "cash_collected": Decimal("0")}
        return rows[key]

    for order in orders:
        assignment = getattr(order, "assignment", None)
        item = row(order, assignment.courier_id if assignment else None)
        attempts = list(order.attempts.all())
        delivered = [a.finished_at for a in attempts
                     if a.status == DeliveryAttempt.Status.DELIVERED and a.finished_at]
        at = max(delivered) if delivered else None
        failed = any(a.status == DeliveryAttempt.Status.FAILED for a in attempts)
        on_time = order.status == Status.DELIVERED and not failed and (
            at is None or (at <= order.window_end if order.window_end is not None
                           else at.astimezone(tz).date() <= order.delivery_date))
        item["orders"] += 1
        item["on_time"] += on_time
        item["late"] += order.status == Status.DELIVERED and not on_time
        item["still_open"] += order.status != Status.DELIVERED
        item["failed_orders"] += failed
        if order.currency == "AMD":
            item["revenue"] += order.total
            item["revenue_orders"] += 1
            if order.status == Status.DELIVERED and order.payment_method == PaymentMethod.CASH:
                item["cash_collected"] += order.total
        lines = list(order.lines.all())
        item["lines"] += len(lines)
        item["upsell_lines"] += sum(line.is_upsell for line in lines)
        for attempt in attempts:
            if attempt.status == DeliveryAttempt.Status.FAILED:
                row(order, attempt.courier_id)[f"failed_{attempt.failure_reason}"] += 1
        if order.pk in confirmed:
            seconds = (confirmed[order.pk] - order.created_at).total_seconds()
            key = (order.delivery_date, order.brand_id, order.channel,
                   bucket_of(max(1, math.ceil(seconds / 60))))
            histogram[key] = histogram.get(key, 0) + 1
    DeliveryDay.objects.bulk_create([
        DeliveryDay(day=day, brand_id=brand, channel=channel, courier_id=courier, **sums)
        for (day, brand, channel, courier), sums in rows.items()])
    ConfirmationDay.objects.bulk_create([
        ConfirmationDay(day=day, brand_id=brand, channel=channel, minutes=minutes, orders=n)
        for (day, brand, channel, minutes), n in histogram.items()])
    _refresh_months_python(start=start, end=end)


def rollup_rebuild(*, start: date | None = None, end: date | None = None,
                   chunk_days: int = 31) -> int:
    """Recompute the whole rollup (or start..end) month by month; the days done."""
    from orders.models import Order

    if start is None or end is None:
        bounds = Order.objects.aggregate(first=Min("delivery_date"), last=Max("delivery_date"))
        start = start or bounds["first"]
        end = end or bounds["last"]
        if start is None:
            with transaction.atomic():
                DeliveryDay.objects.all().delete()
                ConfirmationDay.objects.all().delete()
            return 0
    with transaction.atomic():  # rows of days that no longer have any order
        DeliveryDay.objects.exclude(day__range=(_month_of(start), end)).delete()
        ConfirmationDay.objects.exclude(day__range=(_month_of(start), end)).delete()
    day = start
    while day <= end:
        last = min(end, day + timedelta(days=chunk_days - 1))
        rollup_refresh(start=day, end=last)
        day = last + timedelta(days=1)
    return (end - start).days + 1


def refresh_on_status_change(*, order_id: int, **_data) -> None:
    """Subscriber of order.status_changed (after commit): refresh the order's day."""
    from orders.models import Order

    day = Order.objects.filter(pk=order_id).values_list("delivery_date", flat=True).first()
    if day is not None:
        _refresh_later([day])


def refresh_on_change(*, order_id: int, before: dict, after: dict, **_data) -> None:
    """Subscriber of order.changed (after commit): a moved date refreshes both days; new lines
    or prices refresh the order's day."""
    from orders.models import Order

    days = {Order.objects.filter(pk=order_id).values_list("delivery_date", flat=True).first()}
    for side in (before, after):
        value = (side or {}).get("delivery_date")
        if value:
            try:
                days.add(date.fromisoformat(str(value)[:10]))
            except ValueError:
                pass
    _refresh_later(sorted(day for day in days if day is not None))


def _refresh_later(days: list[date]) -> None:
    from .tasks import rollup_refresh_days

    rollup_refresh_days.delay([day.isoformat() for day in days])


# --- reading the figures ----------------------------------------------------------------------

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


def _filtered(queryset, *, start: date, end: date, brand_id: int | None, channel: str | None):
    queryset = queryset.filter(day__range=(start, end))
    if brand_id:
        queryset = queryset.filter(brand_id=brand_id)
    if channel:
        queryset = queryset.filter(channel=channel)
    return queryset


def _sums() -> dict:
    return {name: Sum(name) for name in SUMS}


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
    """The dashboard's figures, read from the rollup: one query per table (days, couriers,
    channels, brands, confirmation, pre-orders), whatever the number of orders."""
    sections = sections or frozenset({"delivery", "couriers", "sales", "desk"})
    dimensions = (["courier_id"] if "couriers" in sections else []) + (
        ["channel", "brand_id"] if "sales" in sections else [])
    grouped = _grouped(start=start, end=end, brand_id=brand_id, channel=channel,
                       dimensions=dimensions)
    figures = Figures(start=start, end=end)

    # The chart: day by day (the day rows only, two sums).
    by_day = {row["day"]: row for row in _filtered(
        DeliveryDay.objects.filter(month=False), start=start, end=end, brand_id=brand_id,
        channel=channel).values("day").annotate(orders=Sum("orders"), on_time=Sum("on_time"))
        .order_by("day")}
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
        for row in map(_clean, grouped["channel"]):
            converted, all_leads = (leads["total"] if row["channel"] == Channel.PREORDER
                                    else (None, None))
            figures.channels.append({
                "channel": row["channel"], "label": channel_labels.get(row["channel"],
                                                                       row["channel"]),
                **_sales(row), "leads": all_leads, "converted": converted,
                "conversion": _rate(converted, all_leads) if all_leads else None})
        brand_rows = {row["brand_id"]: _clean(row) for row in grouped["brand_id"]}
        brand_names = dict(Brand.objects.filter(pk__in=set(brand_rows) | set(leads["brands"]))
                           .values_list("pk", "name"))
        for pk in sorted(set(brand_rows) | set(leads["brands"]), key=lambda pk: brand_names[pk]):
            row = brand_rows.get(pk) or {name: 0 for name in SUMS} | {
                "revenue": Decimal("0"), "cash_collected": Decimal("0")}
            converted, all_leads = leads["brands"].get(pk, (0, 0))
            figures.brands.append({"brand_id": pk, "name": brand_names[pk], **_sales(row),
                                   "leads": all_leads, "converted": converted,
                                   "conversion": _rate(converted, all_leads)})

    if "desk" in sections:
        histogram = ConfirmationDay.objects.filter(_span(start, end))
        if brand_id:
            histogram = histogram.filter(brand_id=brand_id)
        if channel:
            histogram = histogram.filter(channel=channel)
        counts = list(histogram.values_list("minutes").annotate(n=Sum("orders"))
                      .order_by("minutes"))
        figures.confirmation = {"orders": sum(n for _m, n in counts),
                                "median": percentile(counts, 50),
                                "p90": percentile(counts, 90)}
    return figures


def _full_months(start: date, end: date) -> tuple[date, date]:
    """[first, after): the whole months inside start..end (first >= after: none)."""
    first = start if start.day == 1 else _next_month(start)
    after = _next_month(end) if (end + timedelta(days=1)).day == 1 else _month_of(end)
    return first, after


def _span(start: date, end: date) -> Q:
    """The rollup rows that sum start..end once: whole months as month rows, the rest as days."""
    first, after = _full_months(start, end)
    if first >= after:
        return Q(month=False, day__range=(start, end))
    return (Q(month=True, day__gte=first, day__lt=after)
            | Q(month=False, day__gte=start, day__lt=first)
            | Q(month=False, day__gte=after, day__lte=end))


def _grouped(*, start: date, end: date, brand_id: int | None, channel: str | None,
             dimensions: list[str]) -> dict:
    """The rollup's sums over start..end in total ("total": a dict) and grouped by each of
    `dimensions` ("courier_id", "channel", "brand_id": lists sorted by it). Whole months are
    read from the month rows. One scan (GROUPING SETS) on PostgreSQL, a query per grouping
    elsewhere."""
    rows = DeliveryDay.objects.filter(_span(start, end))
    if brand_id:
        rows = rows.filter(brand_id=brand_id)
    if channel:
        rows = rows.filter(channel=channel)
    if connection.vendor != "postgresql":
        return {"total": rows.aggregate(**_sums()),
                **{dimension: list(rows.values(dimension).annotate(**_sums())
                                   .order_by(dimension)) for dimension in dimensions}}
    money = ("revenue", "cash_collected")
    sums = ", ".join(f"sum({name})" if name in money else f"sum({name})::bigint"
                     for name in SUMS)
    columns = "".join(f"{dimension}, GROUPING({dimension}), " for dimension in dimensions)
    sets = ", ".join(["()", *(f"({dimension})" for dimension in dimensions)])
    # The WHERE of the queryset above (Django writes it, with its parameters).
    where_sql, params = rows.values("id").query.sql_with_params()
    where = where_sql[where_sql.index(" WHERE ") + len(" WHERE "):]
    sql = (f"SELECT {columns}{sums} FROM delivery_deliveryday WHERE {where} "
           f"GROUP BY GROUPING SETS ({sets})")
    result: dict = {"total": {name: None for name in SUMS},
                    **{dimension: [] for dimension in dimensions}}
    width = 2 * len(dimensions)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for record in cursor.fetchall():
            values = dict(zip(SUMS, record[width:], strict=True))
            grouped_by = [dimension for index, dimension in enumerate(dimensions)
                          if record[2 * index + 1] == 0]
            if not grouped_by:
                result["total"] = values
            else:
                index = dimensions.index(grouped_by[0])
                result[grouped_by[0]].append({grouped_by[0]: record[2 * index], **values})
    for dimension in dimensions:
        result[dimension].sort(key=lambda row, d=dimension: (row[d] is None, row[d]))
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


def _leads(*, start: date, end: date, brand_id: int | None, channel: str | None) -> dict:
    """Pre-orders created in the range (Yerevan dates): {"total": (converted, all),
    "brands": {brand_id: (converted, all)}}; none when another channel is chosen."""
    result = {"total": (0, 0), "brands": {}}
    if channel and channel != Channel.PREORDER:
        return result
    since, until = day_span(start, end)
    leads = Lead.objects.filter(created_at__gte=since, created_at__lt=until)
    if brand_id:
        leads = leads.filter(brand_id=brand_id)
    converted_total = all_total = 0
    for pk, converted, everything in (
            leads.values_list("brand_id")
            .annotate(c=Count("id", filter=Q(status=Lead.Status.CONVERTED)), n=Count("id"))
            .order_by()):
        result["brands"][pk] = (converted, everything)
        converted_total += converted
        all_total += everything
    result["total"] = (converted_total, all_total)
    return result


def recompute_rows(*, start: date, end: date) -> dict:
    """The rollup rows of start..end as {(day, brand, channel, courier): {sum: value}} and the
    histogram rows, for comparing the kept rollup with a fresh one (tests, `rollup_rebuild
    --check`)."""
    span = (_month_of(start), end)  # with the rows of the months these days are in
    days = {(row.pop("month"), row.pop("day"), row.pop("brand_id"), row.pop("channel"),
             row.pop("courier_id")): row
            for row in DeliveryDay.objects.filter(day__range=span)
            .values("month", "day", "brand_id", "channel", "courier_id", *SUMS)}
    histogram = {(month, day, brand, channel, minutes): n
                 for month, day, brand, channel, minutes, n in
                 ConfirmationDay.objects.filter(day__range=span)
                 .values_list("month", "day", "brand_id", "channel", "minutes", "orders")}
    return {"days": days, "histogram": histogram}


def rollup_drift(*, start: date, end: date) -> dict:
    """What differs between the kept rollup and one recomputed now (nothing is changed: the
    recomputation is rolled back). {} when they agree."""
    kept = recompute_rows(start=start, end=end)
    drift: dict = {}
    try:
        with transaction.atomic():
            rollup_refresh(start=start, end=end)
            fresh = recompute_rows(start=start, end=end)
            raise _Rollback
    except _Rollback:
        pass
    for part in ("days", "histogram"):
        keys = set(kept[part]) | set(fresh[part])
        for key in keys:
            if kept[part].get(key) != fresh[part].get(key):
                drift.setdefault(part, {})[key] = (kept[part].get(key), fresh[part].get(key))
    return drift


class _Rollback(Exception):
    pass
