"""Under `make run` (embedded default: SQLite, file-system broker, worker with beat), an .eml
dropped into var/maildir/new/ is an order within a minute."""

import subprocess
import sys
import time
from datetime import timedelta

from core.tests.test_processes import ROOT, _env, _manage
from tests.suite_rules import machine_now

from .mails import website_mail

SETUP = """
from channels_intake.demo import demo_mail_sources
from orders.models import Brand
Brand.objects.get_or_create(code="flowers", defaults={"name": "RG Flowers"})
print("source", demo_mail_sources().path)
"""
CHECK = """
from orders.models import Order
print("orders", list(Order.objects.values_list("site_number", flat=True)))
"""


def test_dropped_eml_becomes_an_order_within_a_minute(tmp_path):
    env = _env(tmp_path)
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "createcachetable")
    assert str(tmp_path / "maildir") in _manage(env, "shell", "--no-imports", "-c", SETUP)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "rg_orders", "worker", "-B", "--scheduler",
         "django_celery_beat.schedulers:DatabaseScheduler", "--pool", "solo", "--concurrency", "1",
         "--loglevel", "INFO", "--without-mingle", "--without-gossip"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        dropped = time.monotonic()
        # For delivery the day after tomorrow on the worker's clock, the machine's.
        day = (machine_now().date() + timedelta(days=2)).isoformat()
        (tmp_path / "maildir" / "tmp" / "order.eml").write_bytes(website_mail(70001, delivery_date=day))
        (tmp_path / "maildir" / "tmp" / "order.eml").rename(tmp_path / "maildir" / "new" / "order.eml")
        found = ""
        while time.monotonic() - dropped < 60:
            found = _manage(env, "shell", "--no-imports", "-c", CHECK)
            if "70001" in found:
                break
            time.sleep(2)
        assert "70001" in found
    finally:
        worker.terminate()
        log = worker.communicate(timeout=30)[0]
    assert "poll_source" in log
    assert list((tmp_path / "maildir" / "new").iterdir()) == []
