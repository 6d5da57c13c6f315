"""Tests run on the real PostgreSQL and Redis of the machine (CI sets RG_REQUIRE_SERVICES=1)."""

import os
import socket
from urllib.parse import urlparse

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/rg_orders"),
}
# Select boxes iterate their querysets with .iterator(): on PostgreSQL each would DECLARE a
# server-side cursor (a few ms per box on the queue page; unusable behind pgbouncer).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/15")
# No quiet hours for customer SMS, whenever the suite runs: the tests that are about them set
# their own (notices/tests/test_quiet.py).
NOTICE_QUIET_START = NOTICE_QUIET_END = "00:00"


def _reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), 1):
            return True
    except OSError:
        return False


# On a laptop without Redis the suite still runs (Redis-only tests skip); CI requires it.
if os.environ.get("RG_REQUIRE_SERVICES") != "1" and not _reachable(REDIS_URL):
    REDIS_URL = ""
# Every test process gets its own Redis key prefix (conftest removes its keys after each test),
# so parallel workers and earlier runs never share a lock or a heartbeat.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}",
    } if REDIS_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
CACHES["queue_rows"] = QUEUE_ROWS_CACHE  # noqa: F405 (base: the queue's drawn rows)
# Tasks run in-process and for real; the worker tests start real workers on real brokers.
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "en"

STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# Tests run their webhook receivers and feed servers on 127.0.0.1.
OUTBOUND_ALLOW_PRIVATE_HOSTS = True
PARTNER_API_THROTTLE_RATE = "1000/min"
FEED_TIMEOUT_SECONDS = 2

# --- cust ---
SMS_BACKEND = "core.sms.LocmemSmsBackend"  # core.sms.outbox holds what was "sent"
