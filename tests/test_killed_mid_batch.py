"""A real intake process killed with SIGKILL in the middle of a batch loses nothing and
doubles nothing: the raw messages were committed first, the chunk it was reading rolls back,
and the next run takes every message that is not finished to exactly one final state."""

import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from email.message import EmailMessage

from django.utils import timezone

from core.tests.test_processes import ROOT, _env, _manage
from desk.demo_mail import ITEMS, ORDER_BODY, STOREFRONT
from tests.suite_rules import machine_now

MESSAGES = 200


def _write_mails(folder, count: int) -> None:
    today = timezone.localdate(machine_now())  # the import's: a process on the machine's clock
    delivery = (today + timedelta(days=1)).isoformat()
    for number in range(20001, 20001 + count):
        message = EmailMessage()
        message["Subject"] = f"[RG Flowers] New order #{number}"
        message["From"], message["To"] = STOREFRONT, "desk@rg.example"
        message["Message-ID"] = f"<kill-{number}@flowers.rg.example>"
        message.set_content(ORDER_BODY.format(
            number=number, today=today.isoformat(), delivery=delivery,
            items=ITEMS, customer=f"Customer {number}", phone=f"+374 91 {number:06d}",
            email=f"c{number}@example.am", paid="yes"))
        (folder / f"{number}.eml").write_bytes(message.as_bytes())


def _states(database) -> dict[str, int]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as db:
        rows = db.execute("SELECT state, COUNT(*) FROM channels_intake_inboundmessage "
                          "WHERE origin LIKE 'file:%' GROUP BY state").fetchall()
    return dict(rows)


def test_import_killed_mid_batch_then_run_again_makes_every_order_exactly_once(tmp_path):
    env = _env(tmp_path)
    database = tmp_path / "desk.sqlite3"
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "createcachetable")
    _manage(env, "seed_demo", "--orders", "0")  # brands, storefront senders, the catalog
    mails = tmp_path / "mails"
    mails.mkdir()
    _write_mails(mails, MESSAGES)

    process = subprocess.Popen([sys.executable, "manage.py", "import_mail", str(mails)],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if database.exists() and _states(database).get("order"):
                break  # the first chunk is finished, the rest is still to read
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL, "the import finished before it could be killed"
    halfway = _states(database)
    assert 0 < halfway.get("order", 0) < MESSAGES and halfway.get("received"), halfway

    _manage(env, "import_mail", str(mails))

    assert _states(database) == {"order": MESSAGES}
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        orders, numbers = db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT site_number) FROM orders_order "
            "WHERE site_number BETWEEN '20001' AND '29999'").fetchone()
    assert orders == numbers == MESSAGES  # no order lost, none twice
