"""E-mail intake benchmark (issue #4): N storefront e-mails through `import_mail`, against the
bare `email.message_from_bytes` of the same messages in the same run, on SQLite and PostgreSQL.

    python -m bench intake            # N=300; BENCH_INTAKE_N=1000 for more
    DATABASE_URL=postgres://... python -m bench intake   # PostgreSQL server to use

Each database runs in a child process on a fresh, migrated database (a temporary SQLite file;
a throwaway PostgreSQL database, dropped afterwards)."""

from __future__ import annotations

import email
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from email import policy
from pathlib import Path

N = int(os.environ.get("BENCH_INTAKE_N", "300"))
SLICE = 50
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"


def messages(count: int, start: int) -> list[bytes]:
    from channels_intake.tests.email.mails import website_mail

    return [website_mail(start + index) for index in range(count)]


def _bare(raws: list[bytes], **kwargs) -> float:
    began = time.perf_counter()
    for raw in raws:
        email.message_from_bytes(raw, **kwargs)
    return time.perf_counter() - began


def _cpu_bare_default(raws: list[bytes]) -> float:
    began = time.process_time()
    for raw in raws:
        email.message_from_bytes(raw, policy=policy.default)
    return time.process_time() - began


def child(database_url: str, count: int) -> dict:
    """Runs inside the child process: migrate, warm up, then time import_mail and the bare parse."""
    import django

    os.environ["DATABASE_URL"] = database_url
    django.setup()
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection

    from channels_intake.demo import demo_storefront_senders
    from orders.models import Brand, Order

    call_command("migrate", verbosity=0)
    Brand.objects.get_or_create(code="flowers", defaults={"name": "RG Flowers"})
    demo_storefront_senders()  # the benchmark's mails come from the demo storefront sender
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for index, raw in enumerate(messages(10, 900_000)):  # warm-up: imports, caches, plans
            (root / "warm" / f"{index}.eml").parent.mkdir(exist_ok=True)
            (root / "warm" / f"{index}.eml").write_bytes(raw)
        call_command("import_mail", root / "warm", stdout=StringIO())
        raws = messages(count, 100_000)
        from channels_intake.email import Readers, interpret

        readers = Readers.load()
        # Interleaved slices, so that a busy machine slows the baselines and the intake alike.
        bare = bare_default = reading = took = cpu_bare = cpu_took = 0.0
        before = Order.objects.count()
        for start in range(0, count, SLICE):
            part = raws[start:start + SLICE]
            slice_dir = root / f"run{start:06d}"
            slice_dir.mkdir()
            for index, raw in enumerate(part):
                (slice_dir / f"{index:03d}.eml").write_bytes(raw)
            bare += _bare(part)
            bare_default += _bare(part, policy=policy.default)
            cpu_bare += _cpu_bare_default(part)
            began = time.perf_counter()
            for raw in part:  # the reading alone (MIME, label sets), no database
                interpret(raw, readers=readers)
            reading += time.perf_counter() - began
            began, began_cpu = time.perf_counter(), time.process_time()
            call_command("import_mail", slice_dir, stdout=StringIO())
            took += time.perf_counter() - began
            cpu_took += time.process_time() - began_cpu
        made = Order.objects.count() - before
    return {"vendor": connection.vendor, "n": count, "orders": made, "seconds": took,
            "bare_seconds": bare, "bare_default_seconds": bare_default, "reading_seconds": reading,
            "cpu_ratio": cpu_took / cpu_bare}


def _run_child(database_url: str, var_dir: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "rg_orders.settings.dev",
           "CACHE_URL": "locmemcache://", "RG_VAR_DIR": var_dir, "DEBUG": "0", "LOG_LEVEL": "WARNING"}
    done = subprocess.run([sys.executable, "-m", "bench.intake", "--child", database_url, str(N)],
                          env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _pg_admin(server_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(server_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(sql)


def main() -> None:
    results = []
    with tempfile.TemporaryDirectory() as var_dir:
        results.append(_run_child(f"sqlite:///{var_dir}/bench.sqlite3", var_dir))
        server = os.environ.get("DATABASE_URL", DEFAULT_PG)
        if server.startswith("postgres"):
            name = f"rg_bench_intake_{uuid.uuid4().hex[:8]}"
            base, _, _db = server.rpartition("/")
            admin_url = f"{base}/postgres"
            try:
                _pg_admin(admin_url, f'CREATE DATABASE "{name}"')
            except Exception as exc:  # noqa: BLE001 - no PostgreSQL here: say so, go on
                print(f"PostgreSQL skipped: {exc}")
            else:
                try:
                    results.append(_run_child(f"{base}/{name}", var_dir))
                finally:
                    _pg_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}"')
    print(f"{'database':<11}{'messages':>9}{'orders':>7}{'msg/s':>7}{'bare':>8}{'ratio':>7}"
          f"{'bare default':>13}{'ratio':>7}{'reading alone':>14}{'cpu ratio':>10}")
    for row in results:
        n, took = row["n"], row["seconds"]
        print(f"{row['vendor']:<11}{n:>9}{row['orders']:>7}{n / took:>7.1f}"
              f"{n / row['bare_seconds']:>6.0f}/s{took / row['bare_seconds']:>6.1f}x"
              f"{n / row['bare_default_seconds']:>11.0f}/s{took / row['bare_default_seconds']:>6.1f}x"
              f"{row['reading_seconds'] / row['bare_default_seconds']:>13.1f}x"
              f"{row['cpu_ratio']:>9.1f}x")
    print("ratio: seconds through import_mail / seconds of the bare email.message_from_bytes of the "
          "same messages\n(bare: its default policy, compat32; bare default: policy.default, which "
          "the pipeline parses with).\nreading alone: MIME and label sets without the database, "
          "against bare default.\ncpu ratio: this process's CPU time only, against bare default "
          "(steadier on a busy machine; leaves out the PostgreSQL server's share). Aim: <= 5x.")

if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], int(sys.argv[3]))))
    else:
        main()
