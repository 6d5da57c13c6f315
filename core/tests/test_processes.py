"""The desk's processes for real: a worker consumes what the web process queued, on the embedded
file-system broker and on Redis; production settings pass `check --deploy`."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import yaml
from django.conf import settings

from conftest import need_service, port_open

ROOT = Path(settings.BASE_DIR)

# The data a web request will act on: an order whose confirmation e-mail failed to go out,
# and an admin who can send it again.
SETUP_SCRIPT = """
from core.models import User
from core import outbox
from orders.models import Brand
from orders.normalized import Item, NormalizedOrder, Party
from orders.services import intake
Brand.objects.get_or_create(code="flowers", defaults={"name": "RG Flowers"})
order = intake(normalized=NormalizedOrder(
    channel="phone_1", brand="flowers", customer=Party(name="Ani", phone="091123456",
    email="ani@example.am"), recipient=Party(name="Mariam", address="Yerevan, Abovyan 1"),
    items=(Item(name="Custom bouquet", quantity=1, unit_price="15000"),),
    delivery_date="2026-12-01"), source="test").order
message = outbox.outbox_put(channel="email", event=f"order.confirmation:{order.pk}:v9",
    recipient="ani@example.am", kind="confirmation", about=f"order:{order.pk}",
    payload=outbox.email_payload(subject="Your order is confirmed", body="..."))
message.state, message.attempts, message.last_error = "dead", 8, "SMTP was down"
message.save()
User.objects.create_superuser("boss", "boss@example.am", "boss-pass-123", language="en")
print("message", message.pk)
"""
CHECK_SCRIPT = """
from core.models import OutboxMessage
print("state", OutboxMessage.objects.get().state)
"""


def _env(var_dir: Path, **extra) -> dict:
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "REDIS_URL", "CACHE_URL", "CELERY_BROKER_URL")}
    env.update(DJANGO_SETTINGS_MODULE="rg_orders.settings.dev", RG_VAR_DIR=str(var_dir),
               DATABASE_URL=f"sqlite:///{var_dir / 'desk.sqlite3'}", **extra)
    return env


def _manage(env, *args, stdin: str | None = None) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _admin_send_again(base: str, message_id: str) -> None:
    """What an admin does in the browser: log in, tick the message, run "send again"."""
    session = requests.Session()
    deadline = time.monotonic() + 60
    while True:
        try:
            session.get(f"{base}/admin/login/", timeout=5)
            break
        except requests.ConnectionError:
            assert time.monotonic() < deadline, "the web process never answered"
            time.sleep(0.3)
    login = session.post(f"{base}/admin/login/?next=/admin/", data={
        "username": "boss", "password": "boss-pass-123",
        "csrfmiddlewaretoken": session.cookies["csrftoken"], "next": "/admin/"}, timeout=10)
    assert login.url.endswith("/admin/"), "login failed"
    changelist = f"{base}/admin/core/outboxmessage/"
    session.get(changelist, timeout=10)
    done = session.post(changelist, data={
        "action": "retry_now", "_selected_action": message_id, "index": "0",
        "csrfmiddlewaretoken": session.cookies["csrftoken"]}, timeout=10)
    assert done.status_code == 200 and "on its way again" in done.text


@pytest.mark.parametrize("broker", ["filesystem", "redis"])
def test_a_task_queued_by_the_web_process_is_run_by_the_worker(tmp_path, broker):
    extra = {}
    if broker == "redis":
        need_service("Redis", port_open("127.0.0.1", 6379), "127.0.0.1:6379")
        extra["CELERY_BROKER_URL"] = "redis://127.0.0.1:6379/11"
    env = _env(tmp_path, **extra)
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "createcachetable")
    message_id = _manage(env, "shell", "--no-imports", "-c", SETUP_SCRIPT).split()[-1]
    port = _free_port()
    processes = [
        subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}",
                          "--noreload"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL),
        subprocess.Popen([sys.executable, "-m", "celery", "-A", "rg_orders", "worker", "--pool",
                          "solo", "--concurrency", "1", "--loglevel", "INFO", "--without-mingle",
                          "--without-gossip"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True),
    ]
    try:
        _admin_send_again(f"http://127.0.0.1:{port}", message_id)
        deadline, state = time.monotonic() + 60, ""
        while time.monotonic() < deadline:
            state = _manage(env, "shell", "--no-imports", "-c", CHECK_SCRIPT)
            if "state sent" in state:
                break
            time.sleep(0.5)
        assert "state sent" in state
        sent = list((tmp_path / "sent-mail").glob("*.log"))
        assert len(sent) == 1 and "ani@example.am" in sent[0].read_text()
    finally:
        for process in processes:
            process.terminate()
        worker_log = processes[1].communicate(timeout=30)[0]
        processes[0].wait(timeout=30)
    assert "core.outbox_send" in worker_log and "succeeded" in worker_log


def test_production_settings_pass_check_deploy():
    # The environment of a production host: nothing a test session sets for itself (browser
    # tests allow async-unsafe calls, which check --deploy rightly warns about).
    leaks = {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in leaks}
    env.update(DJANGO_SETTINGS_MODULE="rg_orders.settings.prod",
               SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
               ALLOWED_HOSTS="desk.example.am", DATABASE_URL="sqlite:///:memory:",
               REDIS_URL="redis://127.0.0.1:6379/0")
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level",
                           "WARNING"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_to_start_without_its_secrets():
    env = {key: value for key, value in os.environ.items()
           if key not in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS")}
    env["DJANGO_SETTINGS_MODULE"] = "rg_orders.settings.prod"
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert done.returncode != 0 and "SECRET_KEY" in done.stderr


def test_compose_file_describes_every_process():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "beat", "db", "redis"} <= set(services)
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert "worker" in services["worker"]["command"] and "beat" in services["beat"]["command"]
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY"} <= set(environment)
