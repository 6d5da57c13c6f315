"""A real worker killed with SIGKILL mid-batch and mid-send: nothing is lost, nothing doubled.

Three confirmations are queued by a web-like process (three tasks on the embedded broker).
The first worker sends the first; the SMTP server holds the second (the worker waits for the
server's answer) and the test kills the worker there. That row is left half-way (`sending`,
its claim running). A second worker, driven by the sweeper, takes it over once the claim
expires and sends it and whatever the first worker never reached. Each customer gets exactly
one e-mail: the held one was never accepted by the server (it answers 451 to a dead client),
which is the "killed before the server accepted" case. The other case, killed after the server
accepted but before `sent` was written, sends again: the documented at-least-once window
(see core/outbox.py), with the same Message-ID so the receiver can drop it.
"""

import os
import signal
import subprocess
import sys
import time

from core.tests.smtp import SMTPServer
from core.tests.test_processes import ROOT, _env, _manage

QUEUE_SCRIPT = """
from orders.models import Brand, Status
from orders.normalized import Item, NormalizedOrder, Party
from orders.services import intake, order_move
Brand.objects.get_or_create(code="flowers", defaults={"name": "RG Flowers"})
for n, email in enumerate(["first@example.am", "held@example.am", "third@example.am"]):
    order = intake(normalized=NormalizedOrder(
        channel="phone_1", brand="flowers", customer=Party(name="Ani", phone=f"09112345{n}",
        email=email, language="en"), recipient=Party(name="Mariam", address="Yerevan, Abovyan 1"),
        items=(Item(name="Custom bouquet", quantity=1, unit_price="15000"),),
        delivery_date="2026-12-01"), source="test").order
    order_move(order_id=order.pk, to=Status.CONFIRMED)
"""
STATE_SCRIPT = """
from core.models import OutboxMessage
for m in OutboxMessage.objects.order_by("recipient"):
    print("row", m.recipient, m.state, m.attempts)
"""
SWEEP_SCRIPT = "from core.tasks import outbox_sweep; outbox_sweep.delay()"


def _worker(env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "rg_orders", "worker", "--pool", "solo",
         "--concurrency", "1", "--loglevel", "INFO", "--without-mingle", "--without-gossip",
         "--without-heartbeat"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)


def _rows(env) -> dict[str, tuple[str, int]]:
    out = _manage(env, "shell", "--no-imports", "-c", STATE_SCRIPT)
    return {parts[1]: (parts[2], int(parts[3]))
            for parts in (line.split() for line in out.splitlines()) if parts[:1] == ["row"]}


def test_a_worker_killed_mid_send_loses_nothing_and_doubles_nothing(tmp_path):
    with SMTPServer(hold_for="held@example.am") as smtp:
        env = _env(tmp_path, EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                   EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp.port), EMAIL_TIMEOUT="20",
                   OUTBOX_CLAIM_SECONDS="3")
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "createcachetable")
        _manage(env, "shell", "--no-imports", "-c", QUEUE_SCRIPT)
        assert {state for state, _attempts in _rows(env).values()} == {"pending"}

        first = _worker(env)
        try:
            assert smtp.sink.holding.wait(timeout=90), "the held message never reached the server"
            os.killpg(first.pid, signal.SIGKILL)  # mid-batch and mid-send
            first.wait(timeout=30)
        finally:
            if first.poll() is None:
                os.killpg(first.pid, signal.SIGKILL)
        smtp.sink.release.set()  # the server answers 451 to a client that is gone
        assert smtp.sink.held == 1  # the failure the test set up did happen
        rows = _rows(env)
        assert rows["held@example.am"] == ("sending", 1)  # left half-way by the dead worker

        second = _worker(env)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                _manage(env, "shell", "--no-imports", "-c", SWEEP_SCRIPT)  # what beat does
                rows = _rows(env)
                if all(state == "sent" for state, _attempts in rows.values()):
                    break
                time.sleep(1)
        finally:
            os.killpg(second.pid, signal.SIGTERM)
            second.wait(timeout=30)

    assert rows == {"first@example.am": ("sent", 1), "held@example.am": ("sent", 2),
                    "third@example.am": ("sent", 1)}
    for address in ("first@example.am", "held@example.am", "third@example.am"):
        assert len(smtp.sink.to(address)) == 1, address
    assert len(smtp.sink.accepted) == 3
