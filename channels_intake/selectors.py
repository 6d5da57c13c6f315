"""Reads of the intake shared by /healthz, the admin and dashboards."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import InboundMessage, InboundState, Source, StorefrontSender, TrustedForwarder


def senders_without_dkim() -> list[StorefrontSender]:
    """Active storefront senders whose From: line is taken at its word: no DKIM domain, so a
    forged From: of that address becomes a paid order (issue 17). The check and the admin."""
    return list(StorefrontSender.objects.filter(is_active=True, dkim_domain="")
                .select_related("brand").order_by("address", "brand__code"))


def forwarders_without_dkim() -> list[TrustedForwarder]:
    """Active trusted forwarding domains whose forwards are taken at their From: word."""
    return list(TrustedForwarder.objects.filter(is_active=True, dkim_domain="").order_by("domain"))


def review_messages() -> QuerySet[InboundMessage]:
    """Inbound messages waiting for a person (the desk's review badge counts them)."""
    return InboundMessage.objects.filter(state=InboundState.REVIEW)


def sources_health_section() -> dict:
    """The "sources" section of /healthz (registered in apps.py): ok when every source is."""
    sources = sources_health()
    return {"ok": all(source["ok"] for source in sources), "sources": sources}


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
