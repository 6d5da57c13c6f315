"""/healthz: up or down for anyone, details for staff or the token; reachable by the
container's health check under production settings."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import override_settings

from core import healthcheck
from core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_anonymous_caller_learns_only_up_or_down(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0"):
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json() == {"status": "unavailable"}


def test_staff_and_the_token_see_the_details(client, settings):
    settings.HEALTHZ_TOKEN = "monitoring-token-123"
    assert "checks" in client.get("/healthz", HTTP_AUTHORIZATION="Bearer monitoring-token-123").json()
    for wrong in ("Bearer wrong", "Bearer ", "monitoring-token-123", "Basic monitoring-token-123"):
        assert "checks" not in client.get("/healthz", HTTP_AUTHORIZATION=wrong).json(), wrong
    client.force_login(UserFactory(username="op", role="operator"))  # a login, not staff
    assert "checks" not in client.get("/healthz").json()
    client.force_login(UserFactory(username="boss", is_staff=True))
    assert set(client.get("/healthz").json()["checks"]) >= {"database", "broker", "worker"}


def test_no_token_configured_means_no_token_works(client, settings):
    settings.HEALTHZ_TOKEN = ""
    assert "checks" not in client.get("/healthz", HTTP_AUTHORIZATION="Bearer ").json()


def test_the_health_check_host_is_one_the_desk_accepts():
    assert healthcheck.health_host("desk.example.am,.rg.am") == "desk.example.am"
    assert healthcheck.health_host("*, .rg.am") == "rg.am"
    assert healthcheck.health_host("") == "localhost"


def test_healthz_is_not_redirected_under_production_settings():
    """prod.py redirects plain HTTP to HTTPS; the container's health check asks over plain
    HTTP from inside, so /healthz must answer there (every other page still redirects)."""
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client(HTTP_HOST='desk.example.am')\n"
        "print(c.get('/healthz').status_code, c.get('/desk/').status_code, "
        "c.get('/desk/')['Location'])\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "rg_orders.settings.prod",
           "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "desk.example.am",
           "DATABASE_URL": "sqlite:///:memory:", "REDIS_URL": django_settings.REDIS_URL or "redis://127.0.0.1:6379/0"}
    env.pop("SECURE_SSL_REDIRECT", None)
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                         cwd=django_settings.BASE_DIR, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    healthz, desk, location = out.stdout.split()
    assert desk == "301" and location.startswith("https://desk.example.am/")
    assert healthz in ("200", "503")  # answered, whatever the broker's state; not redirected


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the data migrations
def test_the_container_health_check_asks_the_running_server(live_server, monkeypatch):
    port = live_server.url.rsplit(":", 1)[1]
    monkeypatch.setenv("HEALTHCHECK_PORT", port)
    monkeypatch.setenv("ALLOWED_HOSTS", "desk.example.am")
    out = subprocess.run([sys.executable, "-m", "core.healthcheck"], capture_output=True, text=True,
                         env=dict(os.environ), cwd=django_settings.BASE_DIR, timeout=60)
    assert out.returncode == 0 and "HTTP 200" in out.stdout
