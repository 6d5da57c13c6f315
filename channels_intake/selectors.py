"""Reads of the intake shared by /healthz, the admin and dashboards."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from .models import InboundState, Source


def sources_health() -> list[dict]:
    """Every active polled source: last success, last error, failures in a row, lag (seconds
    since the last successful poll) and messages still waiting to be read. One query."""
    now = timezone.now()
    rows = (Source.objects.filter(is_active=True,
                                  kind__in=(Source.Kind.IMAP, Source.Kind.MAILDIR, Source.Kind.FEED))
            .annotate(pending=Count("messages", filter=Q(messages__state=InboundState.RECEIVED)))
            .order_by("name"))
    report = []
    for source in rows:
        since = source.last_success_at
        report.append({
            "name": source.name,
            "kind": source.kind,
            "ok": source.consecutive_failures == 0,
            "last_success_at": since.isoformat() if since else None,
            "lag_seconds": int((now - since).total_seconds()) if since else None,
            "last_error": source.last_error,
            "last_error_at": source.last_error_at.isoformat() if source.last_error_at else None,
            "consecutive_failures": source.consecutive_failures,
            "next_poll_at": source.next_poll_at.isoformat() if source.next_poll_at else None,
            "pending": source.pending,
        })
    return report
