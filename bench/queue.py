"""The operator queue with 100,000 orders in PostgreSQL: server time per request of the whole
page (Django's test Client: middleware, session, filters, the queries, the template) against
the bare query of the same page of rows (the same SQL, run on a cursor), and against its floor,
in the same run: the bare query plus an empty desk page (the desk's base template, the same
middleware and login; bench/_floor.py), which is what any desk page costs before its content.

    python -m bench queue          # or: make bench BENCH=queue
    RG_BENCH_ORDERS=100000 python -m bench queue        # one size only

Each size (RG_BENCH_ORDERS, a comma-separated list, default 100000,1000000) has its own
database, its orders bulk-inserted once and reused by later runs: the first size's is
RG_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/rg_bench_desk), the others
the same name and the size (rg_bench_desk_1m). Aim (issue 18): the page costs at most 2.5 times
its floor at 100k orders, and that ratio grows by at most 1.2 times from 100k to 1M orders (the
last table: the ratio at each size and its growth from the first size)."""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import urlparse

SIZES = [int(n) for n in os.environ.get("RG_BENCH_ORDERS", "100000,1000000").split(",")]
ROUNDS = int(os.environ.get("RG_BENCH_ROUNDS", "40"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/rg_bench_desk"
VARIANTS = [  # (name, query, is the 30-second HTMX refresh of the rows)
    ("default (open orders)", {}, False),
    ("default, HTMX refresh", {}, True),
    ("today", {"when": "today"}, False),
    ("needs a person", {"needs_person": "on"}, False),
    ("channel viber", {"channel": "viber"}, False),
    ("courier", {"courier": "1"}, False),
    ("search by phone", {"q": "091 23"}, False),
    ("all statuses", {"status": "all"}, False),
]


def _urls() -> dict[int, str]:
    """{size: database URL}: the first size's is RG_BENCH_DATABASE_URL, the others' its name
    and the size (..._1m, ..._250k)."""
    base = os.environ.get("RG_BENCH_DATABASE_URL", DEFAULT_URL)
    return {size: base if index == 0 else
            f"{base}_{size // 1_000_000}m" if size % 1_000_000 == 0 else f"{base}_{size // 1000}k"
            for index, size in enumerate(SIZES)}


def _use(url: str) -> None:
    """Point Django's default connection at `url` (created and migrated), caches emptied."""
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connections

    _create_database(url)
    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = urlparse(url).path.lstrip("/")
    call_command("migrate", verbosity=0, interactive=False)
    for alias in ("default", "queue_rows"):
        caches[alias].clear()


def _create_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def _fill(count: int) -> None:
    """Bulk-insert what is missing: brands, customers, couriers, orders (some assigned), leads."""
    from django.db import connection
    from django.utils import timezone

    from core.roles import OPERATOR
    from core.tests.factories import UserFactory
    from delivery.models import Assignment, Courier
    from orders.models import Brand, Channel, Customer, Lead, Order, Status

    UserFactory(username="bench-operator", role=OPERATOR)
    have = Order.objects.count()
    if have >= count:
        print(f"reusing {have} orders")
        return
    rng = random.Random(6)
    started = time.perf_counter()
    brands = [Brand.objects.get_or_create(code=code, defaults={"name": code.title()})[0]
              for code in ("flowers", "gifts", "sweets")]
    if Customer.objects.count() < 20000:
        Customer.objects.bulk_create(
            [Customer(phone=f"+3749{rng.choice('13456789')}{n:06d}", name=f"Customer {n}")
             for n in range(20000)], batch_size=5000, ignore_conflicts=True)
    customers = list(Customer.objects.values_list("id", flat=True))
    couriers = list(Courier.objects.order_by("pk")) or Courier.objects.bulk_create(
        [Courier(name=f"Courier {n}", kind="own") for n in range(8)])
    today, now = timezone.localdate(), timezone.now()
    channels = [c for c in Channel.values if c != Channel.PREORDER]
    statuses = ([Status.DELIVERED] * 70 + [Status.CANCELLED] * 8 + [Status.NEW] * 6
                + [Status.AWAITING_CUSTOMER] * 2 + [Status.CONFIRMED] * 6
                + [Status.ASSEMBLING] * 3 + [Status.OUT_FOR_DELIVERY] * 3 + [Status.FAILED] * 2)
    windows = [None, 10, 13, 16, 19]
    batch, made = [], 0
    for n in range(have, count):
        day = today + timedelta(days=rng.randint(-120, 5))
        status = rng.choice(statuses) if day < today else rng.choice(statuses[70:])
        hour = rng.choice(windows)
        start = (timezone.make_aware(datetime.combine(day, datetime.min.time())) +
                 timedelta(hours=hour)) if hour else None
        price = Decimal(rng.randrange(5000, 90000, 500))
        batch.append(Order(
            brand=rng.choice(brands), channel=rng.choice(channels), customer_id=rng.choice(customers),
            site_number=f"B{n}" if rng.random() < 0.3 else "", recipient_name=f"Recipient {n}",
            recipient_phone=f"+3749{rng.choice('13456789')}{rng.randint(0, 999999):06d}",
            recipient_address="Yerevan, Abovyan 12", delivery_date=day, window_start=start,
            window_end=start + timedelta(hours=3) if start else None, subtotal=price, total=price,
            status=status, has_unknown_items=rng.random() < 0.02,
            has_total_mismatch=rng.random() < 0.01,
            created_at=now - timedelta(days=(today - day).days + 1, minutes=rng.randint(0, 999)),
        ))
        if len(batch) == 5000:
            made += _flush(batch, couriers, rng, Order, Assignment)
            batch = []
    if batch:
        made += _flush(batch, couriers, rng, Order, Assignment)
    if not Lead.objects.exists():
        Lead.objects.bulk_create([
            Lead(brand=rng.choice(brands), customer_id=rng.choice(customers),
                 site_number=f"L{n}", delivery_date=today + timedelta(days=rng.randint(-3, 5)))
            for n in range(500)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"inserted {made} orders in {time.perf_counter() - started:.1f} s")


def _flush(batch, couriers, rng, Order, Assignment) -> int:
    created = Order.objects.bulk_create(batch)
    Assignment.objects.bulk_create([
        Assignment(order=order, courier=rng.choice(couriers)) for order in created
        if order.status in ("assembling", "out_for_delivery", "delivered", "failed")])
    return len(created)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def _measure(params: dict, htmx: bool) -> tuple[tuple[float, float], tuple[float, float],
                                                tuple[float, float], int]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from core.models import User
    from desk.filters import QueueFilter
    from desk.views.queue import PAGE_SIZE
    from orders import selectors

    client = Client(headers={"HX-Request": "true"} if htmx else {})
    client.force_login(User.objects.get(username="bench-operator"))
    url, empty_url = reverse("desk:queue"), reverse("bench-empty")
    # The bare query: the SQL of the same page of rows (same filters, order and limit).
    page = (QueueFilter(params, queryset=selectors.queue_orders()).qs
            .values(*selectors.QUEUE_FIELDS)[:PAGE_SIZE + 1])
    sql, sql_params = page.query.sql_with_params()

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(sql, sql_params)
            return cursor.fetchall()

    for _ in range(3):
        client.get(url, params)
        client.get(empty_url)
        rows = bare()
    page_times, bare_times, empty_times = [], [], []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(url, params)
        page_times.append(time.perf_counter() - started)
        assert response.status_code == 200
        started = time.perf_counter()
        bare()
        bare_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        response = client.get(empty_url)
        empty_times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return (_percentiles(page_times), _percentiles(bare_times), _percentiles(empty_times),
            len(rows))


def main() -> None:
    urls = _urls()
    os.environ["DATABASE_URL"] = urls[SIZES[0]]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rg_orders.settings.test")
    _create_database(urls[SIZES[0]])
    import django

    django.setup()
    ratios = {size: _run(size, urls[size]) for size in SIZES}
    if len(SIZES) < 2:
        return
    first = SIZES[0]
    print(f"\npage / floor at each size, and its growth from {first} orders "
          f"(aim: at most 2.5x at 100k, growth at most 1.2x)")
    print(f"{'variant':24} " + " ".join(f"{size:>9}" for size in SIZES) + " "
          + " ".join(f"{'growth':>7}" for _size in SIZES[1:]))
    for name, _params, _htmx in VARIANTS:
        print(f"{name:24} " + " ".join(f"{ratios[size][name]:8.2f}x" for size in SIZES) + " "
              + " ".join(f"{ratios[size][name] / ratios[first][name]:6.2f}x"
                         for size in SIZES[1:]))


def _run(size: int, url: str) -> dict[str, float]:
    """Fill and measure one size: {variant: page / floor}."""
    from django.test import override_settings

    from orders.models import Order

    print(f"-- {size} orders ({urlparse(url).path.lstrip('/')})", flush=True)
    _use(url)
    _fill(size)
    print(f"queue page vs its bare query and its floor (bare query + empty desk page), "
          f"{Order.objects.count()} orders, {ROUNDS} requests each, medians (p95)")
    print(f"{'variant':24} {'rows':>4} {'page':>13} {'bare':>11} {'empty page':>11} "
          f"{'/bare':>6} {'/floor':>6}")
    ratios = {}
    with override_settings(ROOT_URLCONF="bench._floor"):
        for name, params, htmx in VARIANTS:
            (page50, page95), (bare50, bare95), (empty50, _e95), rows = _measure(params, htmx)
            floor = bare50 + empty50
            ratios[name] = page50 / floor
            print(f"{name:24} {rows:4d} {page50 * 1000:5.1f} ({page95 * 1000:4.1f})ms "
                  f"{bare50 * 1000:4.1f} ({bare95 * 1000:4.1f}) {empty50 * 1000:9.1f}ms "
                  f"{page50 / bare50:5.1f}x {page50 / floor:5.2f}x", flush=True)
    return ratios


if __name__ == "__main__":
    main()
