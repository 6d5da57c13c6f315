"""Webhooks back to partners: an event is a WebhookDelivery row first (written in the
transaction that changed the order), then a task signs and POSTs it after commit.

Signature: header `X-RG-Signature: t=<unix time>,v1=<hex>` where hex is
HMAC-SHA256(endpoint secret, f"{t}.{raw body}"); the receiver recomputes it and refuses
old timestamps (replays)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from datetime import timedelta

import requests
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from core import netguard

from ..models import WebhookDelivery, WebhookEndpoint
from ..partner_models import new_signing_secret

SIGNATURE_HEADER = "X-RG-Signature"


UnsafeWebhookURL = netguard.UnsafeURL


def webhook_event_queue(*, order, event: str, data: dict) -> list[int]:
    """One delivery per active endpoint of the order's partner; sent once this commits."""
    endpoint_ids = list(WebhookEndpoint.objects.filter(partner_id=order.partner_id, is_active=True)
                        .values_list("pk", flat=True))
    if not endpoint_ids:
        return []
    payload = {"id": uuid.uuid4().hex, "type": event, "created_at": timezone.now().isoformat(),
               "data": data}
    deliveries = WebhookDelivery.objects.bulk_create([
        WebhookDelivery(endpoint_id=pk, order=order, event=event, payload=payload)
        for pk in endpoint_ids
    ])
    ids = [delivery.pk for delivery in deliveries]

    def send() -> None:
        from .tasks import webhook_deliver

        for pk in ids:
            webhook_deliver.delay(pk)

    transaction.on_commit(send)
    return ids


def sign(*, secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def signature_verify(*, secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """The receiver's side, also what the README shows partners."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    timestamp, given = parts.get("t", ""), parts.get("v1", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(sign(secret=secret, timestamp=timestamp, body=body), given)


def url_guard(url: str) -> None:
    """Refuse URLs that are not http(s) or resolve to private, loopback or link-local
    addresses (SSRF), unless the settings allow them (tests, the embedded demo). Sending
    checks again at connect time (core.netguard), so a name that changes its answer later
    (DNS rebinding) is still refused."""
    netguard.check_url(url)


def backoff_seconds(attempts: int) -> int:
    # Capped below the Redis visibility timeout (1 h), which would otherwise re-deliver the task.
    return min(30 * 2 ** max(attempts - 1, 0), 1800)


def webhook_delivery_send(*, delivery_id: int) -> WebhookDelivery:
    """One attempt. Returns the delivery: delivered, failed for good, or pending a retry."""
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    if delivery.status != WebhookDelivery.Status.PENDING:
        return delivery  # a task that ran twice
    endpoint = delivery.endpoint
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json", "User-Agent": "rg-order-desk-webhooks/1",
        "X-RG-Event": delivery.event, "X-RG-Delivery": str(delivery.pk),
        SIGNATURE_HEADER: f"t={timestamp},v1={sign(secret=endpoint.secret, timestamp=timestamp, body=body)}",
    }
    code, error, permanent = None, "", False
    try:
        response = netguard.safe_post(endpoint.url, data=body, headers=headers, allow_redirects=False,
                                 timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
        code = response.status_code
        if not 200 <= code < 300:
            error = f"HTTP {code}: {response.text[:200]}"
    except UnsafeWebhookURL as exc:
        error, permanent = str(exc), True
    except requests.RequestException as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]

    delivery.attempts += 1
    delivery.response_code, delivery.last_error = code, error
    now = timezone.now()
    if not error:
        delivery.status, delivery.delivered_at, delivery.next_retry_at = (
            WebhookDelivery.Status.DELIVERED, now, None)
    elif permanent or delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status, delivery.next_retry_at = WebhookDelivery.Status.FAILED, None
    else:
        delivery.next_retry_at = now + timedelta(seconds=backoff_seconds(delivery.attempts))
    delivery.save(update_fields=["attempts", "response_code", "last_error", "status",
                                 "delivered_at", "next_retry_at"])
    return delivery


def webhook_deliveries_overdue(*, grace: timedelta = timedelta(minutes=10)) -> list[int]:
    """Pending deliveries whose retry is long overdue: their task was lost (a worker killed
    with a countdown task in hand). The sweeper queues them again; sending is idempotent on
    the row's state."""
    cutoff = timezone.now() - grace
    return list(WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING)
                .filter(models.Q(next_retry_at__lt=cutoff)
                        | models.Q(next_retry_at__isnull=True, created_at__lt=cutoff))
                .values_list("pk", flat=True)[:500])


def webhook_endpoint_secret_rotate(*, endpoint_id: int) -> str:
    """A new signing secret for the endpoint, returned to be shown once (never stored in clear
    anywhere else, never shown again). Deliveries sent from now on are signed with it."""
    secret = new_signing_secret()
    WebhookEndpoint.objects.filter(pk=endpoint_id).update(secret=secret)
    return secret


def webhook_endpoint_register(*, partner_id: int, url: str) -> WebhookEndpoint:
    """A partner's new receiver; refused (UnsafeWebhookURL) when it points inside."""
    url_guard(url)
    return WebhookEndpoint.objects.create(partner_id=partner_id, url=url)
