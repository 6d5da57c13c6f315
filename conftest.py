"""Fixtures shared by every app's tests: users per role, logged-in clients, service checks."""

import os
import socket

import pytest

# The suite's own rules (nothing skips under RG_REQUIRE_SERVICES=1, Hypothesis derandomized in
# CI, the `faults` fixture), and pytester for the tests of those rules.
pytest_plugins = ["pytester", "tests.suite_rules"]

REQUIRE_SERVICES = os.environ.get("RG_REQUIRE_SERVICES") == "1"


def need_service(name: str, available: bool, why: str = "") -> None:
    """Skip (on a laptop) or fail (in CI, RG_REQUIRE_SERVICES=1) when a real part is missing."""
    if available:
        return
    message = f"{name} is not available{': ' + why if why else ''}"
    if REQUIRE_SERVICES:
        pytest.fail(f"{message} (RG_REQUIRE_SERVICES=1: nothing may skip)")
    pytest.skip(message)


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (locks, heartbeats, throttles): delete this test
    process's own keys only, never another worker's."""
    yield
    from django.conf import settings
    from django.core.cache import cache

    from core.redis_client import cache_redis

    prefix = settings.CACHES["default"].get("KEY_PREFIX")
    client = cache_redis()
    if prefix and client is not None:
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files (delivery photos) go to a folder of the test's own, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _default_language():
    """A page rendered for an Armenian user leaves Armenian active in this thread (as it would
    in a server thread until its next request): every test starts from the default language."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def operator_user(db):
    from core.tests.factories import UserFactory

    return UserFactory(role="operator", username="op")


@pytest.fixture
def manager_user(db):
    from core.tests.factories import UserFactory

    return UserFactory(role="manager", username="mgr")


@pytest.fixture
def client_operator(client, operator_user):
    client.force_login(operator_user)
    return client


@pytest.fixture
def client_manager(client, manager_user):
    client.force_login(manager_user)
    return client


@pytest.fixture
def postgres_only(settings):
    from django.db import connection

    need_service("PostgreSQL", connection.vendor == "postgresql",
                 "row locks and concurrency need the real database")


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a free local port that Django's mail sends to (core/tests/smtp.py)."""
    from core.tests.smtp import SMTPServer, use_smtp

    with SMTPServer() as server:
        use_smtp(settings, server.port)
        yield server
