"""Partner API order creation under gunicorn on PostgreSQL (issue #5).

Three modes in the same run, same server, same client: a bare endpoint that only inserts the
order row (the baseline), POST /api/v1/orders/ without an Idempotency-Key, and with one.
Prints requests/s, p50, p95 and each mode's throughput as a ratio of the bare insert.

    python -m bench api          (env: DATABASE_URL's server is used for a throwaway bench DB;
                                  BENCH_API_REQUESTS, BENCH_API_CLIENTS to tune;
                                  BENCH_API_CONN_MAX_AGE=60 keeps connections open as
                                  production does, bench/_api_server/settings.py)"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from channels_intake.api.examples import ORDER_BODY

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = int(os.environ.get("BENCH_API_REQUESTS", "600"))
CLIENTS = int(os.environ.get("BENCH_API_CLIENTS", "6"))
WARMUP = 40
ROUNDS = 4

SETUP = """
from decimal import Decimal
from catalog.models import Category, Product
from channels_intake.models import PartnerAPIKey
from orders.models import Partner
from orders.models import Brand, Customer
brand = Brand.objects.create(code="flowers", name="RG Flowers")
partner = Partner.objects.create(code="bench", name="Bench partner", brand=brand)
Product.objects.create(sku="FB-ROSE-25", name_en="Roses", name_ru="Розы", name_hy="Վարդեր",
                       category=Category.objects.get(code="bouquets"), price=Decimal("18500"))
customer = Customer.objects.create(phone="+37491000001", name="Karen")
_row, key = PartnerAPIKey.objects.create_key(partner=partner, name="bench")
print(json.dumps({"key": key, "brand": brand.pk, "partner": partner.pk, "customer": customer.pk}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _bench_db_url() -> str:
    base = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rg_orders"))
    return urlunparse(base._replace(path="/rg_bench_api"))


def _recreate(db_url: str) -> None:
    import psycopg

    parts = urlparse(db_url)
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS rg_bench_api WITH (FORCE)")
        conn.execute("CREATE DATABASE rg_bench_api")


DAY = (date.today() + timedelta(days=7)).isoformat()  # inside the intake door's date range


def _order(n: int, tag: str) -> dict:
    return {**ORDER_BODY, "partner_order_id": f"{tag}-{n}",
            "delivery": {**ORDER_BODY["delivery"], "date": DAY}}


def _run(port: int, count: int, request_for) -> tuple[float, list[float]]:
    """`count` requests from CLIENTS keep-alive connections; (elapsed, latencies in ms)."""
    latencies: list[float] = []
    lock, counter = threading.Lock(), iter(range(count))
    failures: list[str] = []

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            path, body, headers = request_for(n)
            started = time.perf_counter()
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status not in (200, 201):
                failures.append(f"{response.status} on {path}")
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"bench: {len(failures)} failed requests, e.g. {failures[:3]}")
    return elapsed, latencies


def _offset(request_for, start: int):
    return lambda n: request_for(start + n)


def main() -> None:
    python = sys.executable
    db_url = _bench_db_url()
    _recreate(db_url)
    # The bench's own settings add the bare endpoint; production URLs never have it.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench._api_server.settings",
           "DATABASE_URL": db_url, "RG_REQUIRE_SERVICES": "1",
           "PARTNER_API_THROTTLE_RATE": "100000000/min", "LOG_LEVEL": "ERROR"}
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True)
    made = subprocess.run([python, "manage.py", "shell", "-c", "import json\n" + SETUP], cwd=ROOT,
                          env=env, check=True, capture_output=True, text=True)
    ids = json.loads(made.stdout.strip().splitlines()[-1])

    port = _free_port()
    gunicorn = Path(python).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "rg_orders.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--worker-class", "gthread", "--threads", "4", "--keep-alive", "30",
         "--no-control-socket", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        auth = {"Authorization": f"Bearer {ids['key']}", "Content-Type": "application/json"}
        bare_row = {"brand_id": ids["brand"], "channel": "partner_api", "customer_id": ids["customer"],
                    "partner_id": ids["partner"], "recipient_name": "Nare Avagyan",
                    "recipient_address": "Yerevan, Baghramyan 3", "delivery_date": DAY,
                    "total": "20000.00", "currency": "AMD"}

        def bare(tag):
            return lambda n: ("/_bench/bare/",
                              json.dumps({**bare_row, "partner_order_id": f"{tag}-{n}"}),
                              {"Content-Type": "application/json"})

        def api(tag, with_key):
            def request(n):
                headers = {**auth, "Idempotency-Key": f"{tag}-{n}"} if with_key else auth
                return "/api/v1/orders/", json.dumps(_order(n, tag)), headers
            return request

        modes = [("bare insert (baseline)", bare), ("API create, no key", lambda t: api(t, False)),
                 ("API create + Idempotency-Key", lambda t: api(t, True))]
        # Rounds interleave the modes, so a busy moment on a shared machine hits all alike.
        totals = {name: [0.0, []] for name, _make in modes}
        for index, (_name, make) in enumerate(modes):
            _run(port, WARMUP, make(f"warm-{index}"))
        per_round = REQUESTS // ROUNDS
        for round_no in range(ROUNDS):
            for index, (name, make) in enumerate(modes):
                elapsed, latencies = _run(port, per_round,
                                          _offset(make(f"run-{index}"), round_no * per_round))
                totals[name][0] += elapsed
                totals[name][1].extend(latencies)
        results = {}
        for name, (elapsed, latencies) in totals.items():
            latencies.sort()
            results[name] = (len(latencies) / elapsed, statistics.median(latencies),
                             latencies[int(len(latencies) * 0.95) - 1])
        base = results["bare insert (baseline)"][0]
        print(f"{REQUESTS} requests per mode in {ROUNDS} interleaved rounds, {CLIENTS} keep-alive "
              f"clients, gunicorn 2 workers (gthread x4), PostgreSQL, client on the same machine")
        print(f"{'mode':32} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'vs bare':>8}")
        for name, (rate, p50, p95) in results.items():
            print(f"{name:32} {rate:8.0f} {p50:8.1f} {p95:8.1f} {rate / base:8.2f}x")
        replay = _run(port, REQUESTS // 4, lambda n: api("run-2", True)(n % 50))
        print(f"{'replayed Idempotency-Key':32} {REQUESTS // 4 / replay[0]:8.0f} "
              f"{statistics.median(replay[1]):8.1f}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
