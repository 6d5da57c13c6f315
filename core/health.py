"""What /healthz reports: the database, the broker, when a worker last beat, and the sections
that the apps plug into `SECTIONS` (in their `subscribers.py`, core's own outbox included):
core knows no app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from .hooks import Hook

HEARTBEAT_KEY = "health:worker-heartbeat"

SECTIONS: Hook[Callable[[], dict]] = Hook(
    "health sections", "name -> check() returning {'ok': bool, ...}: a section of /healthz. A "
    "section reports, it never makes the desk unhealthy: only the database and the broker do "
    "(see `report`).")


def record_heartbeat() -> None:
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), timeout=None)


def last_heartbeat() -> datetime | None:
    value = cache.get(HEARTBEAT_KEY)
    return datetime.fromisoformat(value) if value else None


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down", reported with its text
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    return {"ok": True, "vendor": connection.vendor}


def check_broker() -> dict:
    try:
        with current_app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    return {"ok": True, "transport": str(transport)}


def check_worker() -> dict:
    try:
        beat = last_heartbeat()
    except Exception as exc:  # noqa: BLE001 - the cache lives in the database or Redis
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    if beat is None:
        return {"ok": False, "last_heartbeat": None}
    age = timezone.now() - beat
    return {
        "ok": age <= settings.WORKER_HEARTBEAT_STALE_AFTER,
        "last_heartbeat": beat.isoformat(),
        "age_seconds": int(age.total_seconds()),
    }


def _run(check: Callable[[], dict]) -> dict:
    try:
        return check()
    except Exception as exc:  # noqa: BLE001 - a failing section is reported, never raised
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}


def report() -> tuple[bool, dict]:
    """Healthy means the database and the broker answer. A silent worker is reported, not
    fatal: web keeps taking orders and the queue keeps them until a worker is back; so is a
    mail source that is down (it is retried with backoff)."""
    checks = {"database": check_database(), "broker": check_broker(), "worker": check_worker()}
    checks.update({name: _run(check) for name, check in SECTIONS.items()})
    healthy = checks["database"]["ok"] and checks["broker"]["ok"]
    return healthy, checks
