"""The managers' dashboard (and the pages listed in PAGES) at 10,000 and at 1,000,000 orders:
server time per request of the whole page (Django's test Client), p50 and p95, and the ratio
of the big database to the small one; the two sizes are measured in turn, five requests at a
time, so that the load of a shared machine falls on both. Aim: the dashboard at 1,000,000
within 1.5x of itself at 10,000 (the control list is timed beside it).

    python -m bench dashboard          # or: make bench BENCH=dashboard

The orders, their lines, courier assignments, delivery attempts (on time, late, failed) and
confirmation events are generated in SQL (generate_series), a year back and a month ahead,
into two databases of their own (RG_BENCH_DASH_URL, default .../rg_bench_dash, and the same
name + "_10k"), then the dashboard's rollup is rebuilt. Later runs reuse them."""

from __future__ import annotations

import os
import statistics
import time
from datetime import timedelta
from urllib.parse import urlparse

BIG = int(os.environ.get("RG_BENCH_DASH_ORDERS", "1000000"))
SMALL = int(os.environ.get("RG_BENCH_DASH_SMALL", "10000"))
ROUNDS = int(os.environ.get("RG_BENCH_ROUNDS", "40"))
BLOCK = 5  # requests of a page at one size before the other size's
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/rg_bench_dash"
CHUNK = 100_000
SPAN_DAYS = 395  # a year back, a month ahead
# (name, url name, query: a function of today). INTEGRATOR: add the control list here once
# /desk/control/ exists: ("control list", "desk:control", lambda today: {}).
CONTROL_DAYS_OPEN = 3
PAGES = [
    ("dashboard, 30 days", "desk:dashboard",
     lambda today: {"date_from": (today - timedelta(days=29)).isoformat(),
                    "date_to": today.isoformat()}),
    ("dashboard, 1 year", "desk:dashboard",
     lambda today: {"date_from": (today - timedelta(days=364)).isoformat(),
                    "date_to": today.isoformat()}),
    ("dashboard, 30 days, 1 brand", "desk:dashboard",
     lambda today: {"date_from": (today - timedelta(days=29)).isoformat(),
                    "date_to": today.isoformat(), "brand": "1"}),
    ("control list", "desk:control", lambda today: {}),
]
CHANNELS = ["website", "phone_1", "phone_2", "live_chat", "viber", "whatsapp", "telegram",
            "facebook", "partner_app", "partner_email", "partner_api", "preorder"]
REASONS = ["recipient_absent", "wrong_address", "refused", "unreachable", "damaged", "other"]


def _database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def _use(url: str) -> None:
    """Point Django's default connection at `url` (created and migrated)."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connections

    _database(url)
    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = urlparse(url).path.lstrip("/")
    call_command("migrate", verbosity=0, interactive=False)
    cache.clear()


def _filler(table: str, given: set[str]) -> tuple[str, str]:
    """Columns NOT NULL without a default that the generator does not name (other apps add
    fields): (", col", ", value") pairs so the INSERTs keep working."""
    from django.db import connection

    values = {"boolean": "false", "jsonb": "'{}'::jsonb", "integer": "0", "bigint": "0",
              "numeric": "0", "date": "current_date", "timestamp with time zone": "now()"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT column_name, data_type FROM information_schema.columns "
                       "WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL "
                       "AND is_identity = 'NO'", [table])
        missing = [(name, kind) for name, kind in cursor.fetchall() if name not in given]
    return ("".join(f", {name}" for name, _kind in missing),
            "".join(f", {values.get(kind, chr(39) * 2)}" for _name, kind in missing))


def _fill(count: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from core.roles import MANAGER
    from core.tests.factories import UserFactory
    from delivery import rollup
    from delivery.models import Courier
    from orders.models import Brand, Customer, Order

    if not connection.settings_dict["NAME"]:
        raise RuntimeError("no database")
    UserFactory(username="bench-manager", role=MANAGER)
    have = Order.objects.count()
    if have >= count:
        print(f"reusing {have} orders")
        _vacuum()
        _control_list()
        return
    started = time.perf_counter()
    brands = [Brand.objects.get_or_create(code=code, defaults={"name": code.title()})[0].pk
              for code in ("flowers", "gifts", "sweets")]
    if not Courier.objects.exists():
        Courier.objects.bulk_create([Courier(name=f"Courier {n}", kind="own") for n in range(8)])
    couriers = list(Courier.objects.order_by("pk").values_list("pk", flat=True))
    if Customer.objects.count() < 20000:
        Customer.objects.bulk_create(
            [Customer(phone=f"+374955{n:05d}", name=f"Customer {n}") for n in range(20000)],
            batch_size=5000, ignore_conflicts=True)
    first_customer = Customer.objects.order_by("pk").values_list("pk", flat=True).first()
    today = timezone.localdate()
    order_cols = {"channel", "site_number", "partner_order_id", "recipient_name",
                  "recipient_phone", "recipient_address", "delivery_date", "window_start",
                  "window_end", "card_message", "is_anonymous", "customer_comment",
                  "payment_method", "is_paid", "currency", "subtotal", "delivery_fee",
                  "discount", "total", "status", "version", "has_unknown_items",
                  "has_total_mismatch", "created_at", "updated_at", "brand_id", "customer_id",
                  "attention", "has_past_date", "has_price_mismatch"}
    extra_cols, extra_values = _filler("orders_order", order_cols | {"id"})
    params = {"brands": brands, "channels": CHANNELS, "first_customer": first_customer,
              "today": today, "span": SPAN_DAYS, "tz": "Asia/Yerevan"}
    with connection.cursor() as cursor:
        for start in range(have + 1, count + 1, CHUNK):
            end = min(count, start + CHUNK - 1)
            # day offset d: -365 .. +29; h: a pseudo-random 0..99 per order
            cursor.execute(f"""
INSERT INTO orders_order (channel, site_number, partner_order_id, recipient_name,
    recipient_phone, recipient_address, delivery_date, window_start, window_end, card_message,
    is_anonymous, customer_comment, payment_method, is_paid, currency, subtotal, delivery_fee,
    discount, total, status, version, has_unknown_items, has_total_mismatch, created_at,
    updated_at, brand_id, customer_id, attention, has_past_date, has_price_mismatch{extra_cols})
SELECT (%(channels)s::text[])[1 + ((g * 3266489917) %% 1000033) %% 12], '', '', 'Recipient ' || g,
    '+3749' || lpad((g %% 1000000)::text, 7, '0'), 'Yerevan, Abovyan 12', day,
    CASE WHEN g %% 5 = 0 THEN NULL ELSE (day + make_interval(hours => (7 + 3 * (g %% 5))::int))
         AT TIME ZONE %(tz)s END,
    CASE WHEN g %% 5 = 0 THEN NULL ELSE (day + make_interval(hours => (10 + 3 * (g %% 5))::int))
         AT TIME ZONE %(tz)s END,
    '', false, '', CASE WHEN g %% 4 = 0 THEN 'cash' ELSE 'card' END, g %% 4 <> 0, 'AMD',
    5000 + (g * 37 %% 170) * 500, 0, 0, 5000 + (g * 37 %% 170) * 500,
    CASE WHEN day >= %(today)s THEN (CASE WHEN h < 50 THEN 'new' WHEN h < 80 THEN 'confirmed'
                                          ELSE 'assembling' END)
         WHEN h < 78 THEN 'delivered' WHEN h < 84 THEN 'cancelled' WHEN h < 90 THEN 'failed'
         WHEN h < 95 THEN 'out_for_delivery' ELSE 'confirmed' END,
    1, false, false, (day - 1 + time '09:00') AT TIME ZONE %(tz)s + make_interval(mins => (g %% 600)::int),
    now(), (%(brands)s::bigint[])[1 + ((g * 2246822519) %% 1000003) %% 3],
    %(first_customer)s + g %% 20000, '', false, false
    {extra_values}
FROM (SELECT g, %(today)s::date - 365 + ((g * 7919) %% %(span)s)::int AS day, (g * 2654435761) %% 100 AS h
      FROM generate_series(%(start)s::bigint, %(end)s::bigint) g) s
""", {**params, "start": start, "end": end})
            print(f"  orders {end}", flush=True)
        first_id = Order.objects.order_by("pk").values_list("pk", flat=True)[have] if have else \
            Order.objects.order_by("pk").values_list("pk", flat=True).first()
        line_cols, line_values = _filler("orders_orderline", {
            "id", "sku", "name", "quantity", "unit_price", "is_upsell", "order_id", "product_id"})
        cursor.execute(f"""
INSERT INTO orders_orderline (sku, name, quantity, unit_price, is_upsell, order_id{line_cols})
SELECT 'SKU', 'Bouquet', 1, total, false, id{line_values} FROM orders_order WHERE id >= %s
UNION ALL
SELECT 'ADD', 'Balloon', 1, 3000, true, id{line_values} FROM orders_order
WHERE id >= %s AND id %% 3 = 0""", [first_id, first_id])
        print("  lines", flush=True)
        cursor.execute("""
INSERT INTO delivery_assignment (assigned_at, order_id, courier_id)
SELECT created_at, id, (%s::bigint[])[1 + ((id * 668265263) %% 1000037) %% 8]
FROM orders_order
WHERE id >= %s AND status IN ('assembling', 'out_for_delivery', 'delivered', 'failed')""",
                       [couriers, first_id])
        attempt_cols, attempt_values = _filler("delivery_deliveryattempt", {
            "id", "status", "tracking_number", "failure_reason", "note", "started_at",
            "finished_at", "courier_id", "order_id", "received_by"})
        cursor.execute(f"""
INSERT INTO delivery_deliveryattempt (status, tracking_number, failure_reason, note, started_at,
    finished_at, courier_id, order_id, received_by{attempt_cols})
SELECT 'failed', '', (%(reasons)s::text[])[1 + o.id %% 6], 'x',
       (o.delivery_date + time '08:00') AT TIME ZONE %(tz)s,
       (o.delivery_date + time '12:00') AT TIME ZONE %(tz)s, a.courier_id, o.id, ''
       {attempt_values}
FROM orders_order o JOIN delivery_assignment a ON a.order_id = o.id
WHERE o.id >= %(first)s AND (o.status = 'failed' OR (o.status = 'delivered' AND o.id %% 20 = 0))
UNION ALL
SELECT 'delivered', '', '', '', (o.delivery_date + time '08:00') AT TIME ZONE %(tz)s,
       CASE WHEN o.id %% 7 = 0 THEN COALESCE(o.window_end + interval '2 hours',
                                             (o.delivery_date + 1 + time '10:00') AT TIME ZONE %(tz)s)
            ELSE COALESCE(o.window_end - interval '30 minutes',
                          (o.delivery_date + time '15:00') AT TIME ZONE %(tz)s) END,
       a.courier_id, o.id, '' {attempt_values}
FROM orders_order o JOIN delivery_assignment a ON a.order_id = o.id
WHERE o.id >= %(first)s AND o.status = 'delivered'
UNION ALL
SELECT 'in_progress', '', '', '', (o.delivery_date + time '08:00') AT TIME ZONE %(tz)s, NULL,
       a.courier_id, o.id, '' {attempt_values}
FROM orders_order o JOIN delivery_assignment a ON a.order_id = o.id
WHERE o.id >= %(first)s AND o.status = 'out_for_delivery'
""", {"reasons": REASONS, "tz": "Asia/Yerevan", "first": first_id})
        print("  attempts", flush=True)
        event_cols, event_values = _filler("orders_orderevent", {
            "id", "kind", "system", "channel", "message", "before", "after", "created_at",
            "actor_id", "order_id"})
        cursor.execute(f"""
INSERT INTO orders_orderevent (kind, system, channel, message, before, after, created_at,
    order_id{event_cols})
SELECT 'status_changed', '', '', '', '{{"status": "new"}}', '{{"status": "confirmed"}}',
       created_at + make_interval(mins => (1 + id %% 240)::int), id {event_values}
FROM orders_order WHERE id >= %s AND status <> 'new'""", [first_id])
        # What the state machine writes beside the event: the figures read the column.
        cursor.execute("""
UPDATE orders_order SET confirmed_at = created_at + make_interval(mins => (1 + id %% 240)::int)
WHERE id >= %s AND status <> 'new'""", [first_id])
        print("  events", flush=True)
        lead_cols, lead_values = _filler("orders_lead", {
            "id", "site_number", "status", "details", "total", "currency", "delivery_date",
            "note", "created_at", "closed_at", "brand_id", "customer_id", "order_id"})
        cursor.execute(f"""
INSERT INTO orders_lead (site_number, status, details, total, currency, delivery_date, note,
    created_at, brand_id, customer_id{lead_cols})
SELECT 'L' || %(have)s || '-' || g, CASE WHEN g %% 3 = 0 THEN 'not_interested' ELSE 'open' END,
       '{{}}', 10000, 'AMD', %(today)s::date - 365 + g %% 395, '',
       now() - make_interval(days => (g %% 365)::int), (%(brands)s::bigint[])[1 + g %% 3],
       %(first_customer)s + g %% 20000 {lead_values}
FROM generate_series(1, %(leads)s) g""", {**params, "have": have, "leads": max(count // 200, 10)})
        cursor.execute("ANALYZE")
    print(f"inserted {count - have} orders in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    days = rollup.rollup_rebuild()
    _vacuum()
    print(f"rollup rebuilt ({days} days) in {time.perf_counter() - started:.1f} s", flush=True)
    _control_list()


def _vacuum() -> None:
    """VACUUM too: the chart and the histogram are read from covering indexes alone (and a
    migration may have written rows since the last run)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE delivery_deliveryday")
        cursor.execute("VACUUM ANALYZE delivery_confirmationday")


def _control_list() -> None:
    """This morning's control list: every past order not delivered or cancelled (the beat
    task's own service, as at 08:00). The generated year was never worked, as a real one is
    every morning: the items of orders due more than CONTROL_DAYS_OPEN days ago are marked
    resolved (cancelled, the customer reached), so that what stays open is a few days' worth,
    not a year's."""
    from datetime import timedelta

    from django.utils import timezone

    from delivery.control.services import control_list_build
    from delivery.models import ControlItem

    started = time.perf_counter()
    items = control_list_build()
    worked = ControlItem.objects.filter(
        resolved_at__isnull=True,
        order__delivery_date__lt=timezone.localdate() - timedelta(days=CONTROL_DAYS_OPEN),
    ).update(resolution=ControlItem.Resolution.CANCELLED,
             contact=ControlItem.Contact.CALLED_REACHED, resolved_at=timezone.now())
    if worked:  # a year of mornings in one UPDATE: what autovacuum would have cleared daily
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE delivery_controlitem")
    open_items = ControlItem.objects.filter(resolved_at__isnull=True).count()
    print(f"control list built ({len(items)} items, {worked} of earlier days marked worked, "
          f"{open_items} open) in {time.perf_counter() - started:.1f} s", flush=True)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def _switch(url: str) -> None:
    """Point Django's default connection at `url` (already filled), the cache emptied."""
    from django.core.cache import cache
    from django.db import connections

    connections["default"].close()
    connections["default"].settings_dict["NAME"] = urlparse(url).path.lstrip("/")
    cache.clear()


def _measure(urls: dict[int, str]) -> dict[int, dict[str, tuple[float, float]]]:
    """{size: {page: (p50, p95)}}: the sizes measured in turn, BLOCK requests of each page at a
    time, so that a noisy minute of a shared machine falls on both sizes alike."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from core.models import User

    today = timezone.localdate()
    pages = []
    for name, url_name, query in PAGES:
        try:
            pages.append((name, reverse(url_name), query(today)))
        except NoReverseMatch:
            print(f"  {name}: {url_name} does not exist on this branch, skipped")
    samples = {size: {name: [] for name, _url, _params in pages} for size in urls}
    clients = {}
    for _block in range(max(1, ROUNDS // BLOCK)):
        for size, url in urls.items():
            _switch(url)
            if size not in clients:
                clients[size] = Client()
                clients[size].force_login(User.objects.get(username="bench-manager"))
            client = clients[size]
            for name, path, params in pages:
                for _ in range(2):  # warm: the cache was emptied, the connection is new
                    assert client.get(path, params).status_code == 200
                for _ in range(BLOCK):
                    started = time.perf_counter()
                    response = client.get(path, params)
                    samples[size][name].append(time.perf_counter() - started)
                    assert response.status_code == 200
    return {size: {name: _percentiles(times) for name, times in by_page.items()}
            for size, by_page in samples.items()}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rg_orders.settings.test")
    big_url = os.environ.get("RG_BENCH_DASH_URL", DEFAULT_URL)
    small_url = big_url + "_10k"
    os.environ["DATABASE_URL"] = small_url
    _database(small_url)
    import django

    django.setup()
    urls = {SMALL: small_url, BIG: big_url}
    for size, url in urls.items():
        print(f"-- {size} orders ({urlparse(url).path.lstrip('/')})", flush=True)
        _use(url)
        _fill(size)
    measured = _measure(urls)
    print(f"\n{max(1, ROUNDS // BLOCK) * BLOCK} requests each, {BLOCK} at a time at each size "
          f"in turn; server time of the whole page")
    print(f"{'page':30} {'10k p50':>8} {'p95':>7} {'1M p50':>8} {'p95':>7} {'ratio p50':>9} "
          f"{'p95':>6}")
    for name in measured[SMALL]:
        (s50, s95), (b50, b95) = measured[SMALL][name], measured[BIG][name]
        aim = "  (aim: at most 1.50x)" if name.startswith("dashboard") else ""
        print(f"{name:30} {s50 * 1000:6.1f}ms {s95 * 1000:5.1f}ms {b50 * 1000:6.1f}ms "
              f"{b95 * 1000:5.1f}ms {b50 / s50:8.2f}x {b95 / s95:5.2f}x{aim}")


if __name__ == "__main__":
    main()
