"""Polling a partner's feed: fetch a page, keep it raw, take its orders, then move the cursor.

Each page is one transaction: the raw InboundMessage, every order it creates or updates, and
the cursor commit together, so a crash mid-page re-reads the same page next time and the
repeats are deduplicated (the raw page by its content hash, orders by partner order id).
Failures (timeouts, HTTP errors, bad JSON) leave the cursor where it was, are recorded in
the source's health, and the dispatcher tries again later with backoff."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import time

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import netguard
from orders import services as order_services
from orders.exceptions import IntakeInvalid, WindowRefused
from orders.models import Order
from orders.services import PartnerChange, parse_date, partner_order_change, window_check

from ..exceptions import FeedUnavailable
from ..models import InboundMessage, InboundState, Source
from ..services.lifecycle import backoff_delay, inbound_finish, inbound_state_for, source_health_record
from .adapters import ADAPTERS, FeedOrder, FeedPage, MalformedPage


@dataclass
class PollSummary:
    pages: int = 0
    outcomes: Counter = field(default_factory=Counter)
    error: str = ""


def feeds_due(*, now=None) -> list[int]:
    """Active feeds whose interval has passed; after failures the wait doubles (up to 32×)."""
    now = now or timezone.now()
    due = []
    for source in Source.objects.filter(kind=Source.Kind.FEED, is_active=True,
                                        partner__isnull=False).only(
            "pk", "poll_interval", "last_poll_at", "consecutive_failures"):
        wait = backoff_delay(interval=source.poll_interval, failures=source.consecutive_failures)
        if source.last_poll_at is None or now - source.last_poll_at >= wait:
            due.append(source.pk)
    return due


def feed_poll(*, source_id: int) -> PollSummary:
    """Read pages until the feed has nothing new (or the per-poll page budget is spent)."""
    source = Source.objects.select_related("partner").get(pk=source_id)
    adapter = ADAPTERS[source.adapter]
    summary = PollSummary()
    try:
        for _page in range(settings.FEED_MAX_PAGES_PER_POLL):
            body = _fetch(source.url, adapter.params(source.cursor or {}))
            next_cursor = _page_take(source=source, adapter=adapter, body=body,
                                     outcomes=summary.outcomes)
            summary.pages += 1
            if next_cursor is None or next_cursor == source.cursor:
                break
            source.cursor = next_cursor
    except (FeedUnavailable, MalformedPage) as exc:
        summary.error = str(exc)
    except Exception as exc:
        source_health_record(source=source, error=f"{type(exc).__name__}: {exc}")  # then raised
        raise
    source_health_record(source=source, error=summary.error)
    return summary


def _fetch(url: str, params: dict) -> bytes:
    try:
        response = netguard.safe_get(url, params=params, timeout=settings.FEED_TIMEOUT_SECONDS,
                                     headers={"Accept": "application/json"})
    except netguard.UnsafeURL as exc:  # pointed inside: the source's health says so
        raise FeedUnavailable(str(exc)) from exc
    except requests.Timeout as exc:
        raise FeedUnavailable(_("timed out: %(error)s") % {"error": exc}) from exc
    except requests.RequestException as exc:
        raise FeedUnavailable(f"{type(exc).__name__}: {exc}") from exc
    if response.status_code != 200:
        raise FeedUnavailable(f"HTTP {response.status_code} from {response.url}")
    return response.content


def _page_take(*, source: Source, adapter, body: bytes, outcomes: Counter) -> dict | None:
    """One page, in one transaction. Returns the cursor saved (None: stay where we are)."""
    digest = hashlib.sha256(body).hexdigest()
    with transaction.atomic():
        message, created = InboundMessage.objects.get_or_create(
            source=source, dedup_key=f"page:{digest}",
            defaults={"raw": body, "content_hash": digest, "sender": source.partner.code,
                      "subject": f"{source.url} {json.dumps(source.cursor)}"[:300]},
        )
        try:
            page = adapter.parse(json.loads(body), partner=source.partner.code)
        except (ValueError, MalformedPage) as exc:  # JSONDecodeError is a ValueError
            if created:
                _finish(message, InboundState.REVIEW, _("malformed page: %(error)s") % {"error": exc})
            error = MalformedPage(_("malformed page: %(error)s") % {"error": exc})
        else:
            error = None
            if created or message.state == InboundState.RECEIVED:
                _orders_take(source=source, message=message, page=page, outcomes=outcomes)
            else:
                outcomes["repeated page"] += 1
            if page.next_cursor is not None:
                Source.objects.filter(pk=source.pk).update(cursor=page.next_cursor)
    if error is not None:
        raise error  # after the commit: the raw page stays, the cursor does not move
    return page.next_cursor


def _orders_take(*, source: Source, message: InboundMessage, page: FeedPage,
                 outcomes: Counter) -> None:
    results, reasons, orders = {}, [], set()
    for feed_order in page.orders:
        outcome, order_id, reason = _order_take(source=source, feed_order=feed_order)
        results[feed_order.partner_order_id] = outcome
        outcomes[outcome] += 1
        if order_id:
            orders.add(order_id)
        if reason:
            reasons.append(f"{feed_order.partner_order_id}: {reason}")
    states = set(results.values())
    state = next((s for s in (InboundState.REVIEW, InboundState.ORDER, InboundState.UPDATE,
                              InboundState.DUPLICATE) if s in states), InboundState.IGNORED)
    message.parsed = {"orders": results}
    message.order_id = next(iter(orders)) if len(orders) == 1 else None
    _finish(message, state, "\n".join(reasons))


def _order_take(*, source: Source, feed_order: FeedOrder) -> tuple[str, int | None, str]:
    """(InboundState, order id, reason) for one order of a page."""
    system = f"feed:{source.name}"
    existing = (Order.objects.filter(partner=source.partner,
                                     partner_order_id=feed_order.partner_order_id)
                .values_list("pk", flat=True).first())
    if existing is not None:
        n = feed_order.normalized
        delivery_date = parse_date(n.delivery_date) if n.delivery_date else None
        change = partner_order_change(order_id=existing, system=system,
                                      is_cancelled=feed_order.is_cancelled,
                                      delivery_date=delivery_date, window=_window(n.window))
        state = {PartnerChange.UPDATED: InboundState.UPDATE,
                 PartnerChange.UNCHANGED: InboundState.DUPLICATE,
                 PartnerChange.REVIEW: InboundState.REVIEW}[change.outcome]
        return state, existing, change.reason
    if feed_order.is_cancelled:
        return InboundState.IGNORED, None, ""  # cancelled before the desk ever saw it
    try:
        result = order_services.intake(normalized=feed_order.normalized, source=system)
    except IntakeInvalid as exc:
        return InboundState.REVIEW, None, str(exc)
    return inbound_state_for(result), result.order.pk, ""


def _window(text: str | None):
    """A feed's "10:00-13:00" as two times of day; None (the order keeps its window) for none,
    an unreadable one or one the window rule refuses (orders' `window_check`)."""
    try:
        start, end = (time.fromisoformat(part.strip().zfill(5)) for part in (text or "").split("-"))
        window_check(start, end)
    except (ValueError, WindowRefused):
        return None
    return start, end


def _finish(message: InboundMessage, state: str, reason: str) -> None:
    inbound_finish(message=message, state=state, reason=reason, parsed=message.parsed,
                   order_id=message.order_id, attempts=message.attempts + 1)
