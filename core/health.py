"""What /healthz reports: the database, the broker, and when a worker last beat."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from .outbox import outbox_health

HEARTBEAT_KEY = "health:worker-heartbeat"


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
    from rg_orders.celery import app

    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
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


def check_sources() -> dict:
    from channels_intake.selectors import sources_health

    try:
        sources = sources_health()
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    return {"ok": all(source["ok"] for source in sources), "sources": sources}


def check_outbox() -> dict:
    """Messages waiting to leave (core/outbox.py): reported, never fatal."""
    try:
        return outbox_health()
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}


def report() -> tuple[bool, dict]:
    """Healthy means the database and the broker answer. A silent worker is reported, not
    fatal: web keeps taking orders and the queue keeps them until a worker is back; so is a
    mail source that is down (it is retried with backoff)."""
    checks = {"database": check_database(), "broker": check_broker(), "worker": check_worker(),
              "sources": check_sources(), "outbox": check_outbox()}
    healthy = checks["database"]["ok"] and checks["broker"]["ok"]
    return healthy, checks
