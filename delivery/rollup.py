"""The daily (and monthly) rollup the managers' dashboard reads (delivery.figures).

the dashboard never reads the orders. `rollup_refresh` recomputes the rows of
DeliveryDay and ConfirmationDay for some days from the orders in SQL (delete, insert, one
transaction, serialised by an advisory lock), then sums them at every level over brand,
channel and courier (`_refresh_levels`), so that the dashboard reads a row per day where the
detail has a few hundred. A subscriber of order.status_changed and
order.changed refreshes the order's day(s) after commit (through a task); the nightly
`delivery.rollup_rebuild` task and `manage.py rollup_rebuild` recompute everything, so the
rollup can never drift for longer than a night even if a change bypasses the services."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min, Q, Sum

from .models import ConfirmationDay, DeliveryAttempt, DeliveryDay
from .punctuality import with_punctuality

if TYPE_CHECKING:
    from orders.domain_events import OrderChanged, OrderStatusChanged

REASONS: list[str] = list(DeliveryAttempt.FailureReason.values)
# Upper bounds (minutes) of the arrival-to-confirmation histogram: finer where the desk's
# answers fall, about 35 buckets so that a year of rows stays small (a median of 17 minutes
# reads "at most 20"). Past the last bound (a week) a wait is counted in whole days: its bucket
# is a real number of minutes, never an open-ended "10,000,000" shown as a figure (issue 17).
BUCKETS: list[int] = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 90, 105, 120,
                      150, 180, 240, 300, 360, 480, 600, 720, 960, 1200, 1440, 2880, 4320,
                      10080]
DAY_MINUTES = 1440
_LOCK = 7_412_001  # pg_advisory_xact_lock key of a rollup refresh
SUMS = ["orders", "on_time", "late", "still_open", "failed_orders",
        *[f"failed_{reason}" for reason in REASONS], "revenue", "revenue_orders",
        "cash_collected", "lines", "upsell_lines"]


def bucket_of(minutes: int) -> int:
    """The histogram bucket (its upper bound) of a wait of `minutes`: past a week, the wait
    rounded up to whole days."""
    return next((bound for bound in BUCKETS if bound >= minutes),
                math.ceil(minutes / DAY_MINUTES) * DAY_MINUTES)


# --- the rollup -------------------------------------------------------------------------------

# `on_time` below is delivery.punctuality's definition said in SQL (one statement rolls a year
# up); test_rollup runs it, the ORM expression and the queue's filter on the same orders.
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
INSERT INTO delivery_deliveryday (level, month, day, brand_id, channel, courier_id, {sums})
SELECT 0, false, day, brand_id, channel, courier_id, {sum_exprs}
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
           GREATEST(1, CEIL(EXTRACT(EPOCH FROM (o.confirmed_at - o.created_at)) / 60))::int AS m
    FROM orders_order o
    WHERE o.delivery_date BETWEEN %(start)s AND %(end)s AND o.status <> 'cancelled'
      AND o.confirmed_at IS NOT NULL
)
INSERT INTO delivery_confirmationday (level, month, day, brand_id, channel, minutes, orders)
SELECT 0, false, day, brand_id, channel,
       COALESCE((SELECT min(b) FROM unnest(%(buckets)s::int[]) b WHERE b >= m),
                CEIL(m / %(day)s::numeric)::int * %(day)s),
       count(*)
FROM c GROUP BY 3, 4, 5, 6
"""


@transaction.atomic
def rollup_refresh(*, start: date, end: date) -> None:
    """Recompute the rollup rows of the delivery dates start..end (inclusive) from the orders:
    in SQL on PostgreSQL, in Python elsewhere (SQLite of `make run`); both give the same rows."""
    if connection.vendor != "postgresql":
        _refresh_python(start=start, end=end)
    else:
        _refresh_sql(start=start, end=end)


def _refresh_sql(*, start: date, end: date) -> None:
    params = {"start": start, "end": end, "tz": settings.TIME_ZONE, "buckets": BUCKETS,
              "day": DAY_MINUTES}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        cursor.execute("DELETE FROM delivery_deliveryday WHERE NOT month "
                       "AND day BETWEEN %s AND %s", [start, end])
        cursor.execute("DELETE FROM delivery_confirmationday WHERE NOT month "
                       "AND day BETWEEN %s AND %s", [start, end])
        cursor.execute(_DAY_SQL, params)
        cursor.execute(_CONFIRM_SQL, params)
        # The whole months these days are in, summed again from their days.
        first, after = month_of(start), next_month(month_of(end))
        cursor.execute("DELETE FROM delivery_deliveryday WHERE month AND day >= %s AND day < %s",
                       [first, after])
        cursor.execute("DELETE FROM delivery_confirmationday WHERE month "
                       "AND day >= %s AND day < %s", [first, after])
        cursor.execute(f"""
INSERT INTO delivery_deliveryday (level, month, day, brand_id, channel, courier_id,
                                  {', '.join(SUMS)})
SELECT 0, true, date_trunc('month', day)::date, brand_id, channel, courier_id,
       {', '.join(f'sum({name})' for name in SUMS)}
FROM delivery_deliveryday WHERE level = 0 AND NOT month AND day >= %s AND day < %s
GROUP BY 3, 4, 5, 6""", [first, after])
        cursor.execute("""
INSERT INTO delivery_confirmationday (level, month, day, brand_id, channel, minutes, orders)
SELECT 0, true, date_trunc('month', day)::date, brand_id, channel, minutes, sum(orders)
FROM delivery_confirmationday WHERE level = 0 AND NOT month AND day >= %s AND day < %s
GROUP BY 3, 4, 5, 6""", [first, after])
    _refresh_levels(start=start, end=end)


# The levels of the rollup's rows (DeliveryDay.level, ConfirmationDay.level): the columns a
# row may sum over, each with its bit, as SQL's GROUPING() numbers them.
DAY_DIMENSIONS = {"brand_id": 4, "channel": 2, "courier_id": 1}
HISTOGRAM_DIMENSIONS = {"brand_id": 2, "channel": 1}


def level_of(dimensions: dict[str, int], kept) -> int:
    """The level of the rows that keep the columns `kept` and sum over the others."""
    return sum(bit for name, bit in dimensions.items() if name not in kept)


def _refresh_levels(*, start: date, end: date) -> None:
    """The rows of every level above 0 of the days start..end and of their months, summed
    from the level-0 rows (the same on every database): a query per level and table."""
    span = (Q(month=False, day__range=(start, end))
            | Q(month=True, day__gte=month_of(start), day__lt=next_month(month_of(end))))
    for model, dimensions, sums, kept_always in (
            (DeliveryDay, DAY_DIMENSIONS, SUMS, []),
            (ConfirmationDay, HISTOGRAM_DIMENSIONS, ["orders"], ["minutes"])):
        model.objects.filter(span, level__gt=0).delete()
        detail = model.objects.filter(span, level=0).order_by()
        rows = []
        for level in range(1, 2 ** len(dimensions)):
            kept = [name for name, bit in dimensions.items() if not level & bit]
            for row in detail.values("month", "day", *kept, *kept_always).annotate(
                    **{f"sum_{name}": Sum(name) for name in sums}):
                rows.append(model(level=level, **{key: value for key, value in row.items()
                                                  if not key.startswith("sum_")},
                                  **{name: row[f"sum_{name}"] for name in sums}))
        model.objects.bulk_create(rows, batch_size=2000)


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _refresh_months_python(*, start: date, end: date) -> None:
    first, after = month_of(start), next_month(month_of(end))
    DeliveryDay.objects.filter(month=True, day__gte=first, day__lt=after).delete()
    ConfirmationDay.objects.filter(month=True, day__gte=first, day__lt=after).delete()
    months: dict = {}
    for row in DeliveryDay.objects.filter(level=0, month=False, day__gte=first,
                                          day__lt=after).values(
            "day", "brand_id", "channel", "courier_id", *SUMS):
        key = (month_of(row["day"]), row["brand_id"], row["channel"], row["courier_id"])
        sums = months.setdefault(key, {name: 0 for name in SUMS})
        for name in SUMS:
            sums[name] += row[name]
    DeliveryDay.objects.bulk_create([
        DeliveryDay(month=True, day=day, brand_id=brand, channel=channel, courier_id=courier,
                    **sums) for (day, brand, channel, courier), sums in months.items()])
    histogram: dict = {}
    for day, brand, channel, minutes, n in ConfirmationDay.objects.filter(
            level=0, month=False, day__gte=first, day__lt=after).values_list(
            "day", "brand_id", "channel", "minutes", "orders"):
        key = (month_of(day), brand, channel, minutes)
        histogram[key] = histogram.get(key, 0) + n
    ConfirmationDay.objects.bulk_create([
        ConfirmationDay(month=True, day=day, brand_id=brand, channel=channel, minutes=minutes,
                        orders=n) for (day, brand, channel, minutes), n in histogram.items()])


def _refresh_python(*, start: date, end: date) -> None:
    """rollup_refresh, the same rules in Python over the ORM (for databases other than
    PostgreSQL, and as the second opinion of the tests)."""
    from orders.models import Order, PaymentMethod, Status

    DeliveryDay.objects.filter(month=False, day__range=(start, end)).delete()
    ConfirmationDay.objects.filter(month=False, day__range=(start, end)).delete()
    orders = list(with_punctuality(Order.objects.filter(delivery_date__range=(start, end))
                                   .exclude(status=Status.CANCELLED))
                  .select_related("assignment").prefetch_related("attempts", "lines"))
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
        failed = any(a.status == DeliveryAttempt.Status.FAILED for a in attempts)
        item["orders"] += 1
        item["on_time"] += order.delivered_on_time
        item["late"] += order.delivered_late
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
        if order.confirmed_at is not None:
            seconds = (order.confirmed_at - order.created_at).total_seconds()
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
    _refresh_levels(start=start, end=end)


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
        DeliveryDay.objects.exclude(day__range=(month_of(start), end)).delete()
        ConfirmationDay.objects.exclude(day__range=(month_of(start), end)).delete()
    day = start
    while day <= end:
        last = min(end, day + timedelta(days=chunk_days - 1))
        rollup_refresh(start=day, end=last)
        day = last + timedelta(days=1)
    return (end - start).days + 1


def refresh_on_status_change(moved: OrderStatusChanged) -> None:
    """Hears OrderStatusChanged (after commit): refresh the order's day."""
    from orders.models import Order

    day = Order.objects.filter(pk=moved.order_id).values_list("delivery_date", flat=True).first()
    if day is not None:
        _refresh_later([day])


def refresh_on_change(changed: OrderChanged) -> None:
    """Hears OrderChanged (after commit): a moved date refreshes both days; new lines or
    prices refresh the order's day."""
    from orders.models import Order

    days = {Order.objects.filter(pk=changed.order_id).values_list("delivery_date", flat=True)
            .first()}
    for side in (changed.before, changed.after):
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


def recompute_rows(*, start: date, end: date) -> dict:
    """The rollup rows of start..end as {(level, month, day, brand, channel, courier): {sum:
    value}} and the histogram rows, for comparing the kept rollup with a fresh one (tests,
    `rollup_rebuild --check`)."""
    span = (month_of(start), end)  # with the rows of the months these days are in
    days = {(row.pop("level"), row.pop("month"), row.pop("day"), row.pop("brand_id"),
             row.pop("channel"), row.pop("courier_id")): row
            for row in DeliveryDay.objects.filter(day__range=span)
            .values("level", "month", "day", "brand_id", "channel", "courier_id", *SUMS)}
    histogram = {(level, month, day, brand, channel, minutes): n
                 for level, month, day, brand, channel, minutes, n in
                 ConfirmationDay.objects.filter(day__range=span)
                 .values_list("level", "month", "day", "brand_id", "channel", "minutes",
                              "orders")}
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
