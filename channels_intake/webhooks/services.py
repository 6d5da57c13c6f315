"""Webhooks back to partners, through the outbox (core/outbox.py).

A partner's order changing status is one outbox row per active endpoint of the partner,
written by `webhook_status_changed` (a subscriber of `order.status_changed` that runs inside
the change's transaction, so a change that rolls back sends nothing). The outbox claims,
sends (`webhook_send`, registered for the webhook channel in ChannelsIntakeConfig.ready),
retries with backoff and records every attempt; the admin and /healthz show what is stuck.

Signature: header `X-RG-Signature: t=<unix time>,v1=<hex>` where hex is
HMAC-SHA256(endpoint secret, f"{t}.{raw body}"); the receiver recomputes it and refuses
old timestamps (replays). `X-RG-Delivery` (the outbox row) and the event's `id` stay the same
on every attempt, so a receiver can drop a repeat."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid

import requests
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core import netguard
from core.models import OutboxMessage
from core.outbox import SendFailed, outbox_put
from orders.domain_events import OrderStatusChanged

from ..models import WebhookEndpoint
from ..partner_models import new_signing_secret

SIGNATURE_HEADER = "X-RG-Signature"


UnsafeWebhookURL = netguard.UnsafeURL


def webhook_status_changed(moved: OrderStatusChanged) -> list[OutboxMessage]:
    """Hears OrderStatusChanged (in the transaction): one outbox row per active endpoint of
    the order's partner."""
    order_id, partner_id = moved.order_id, moved.partner_id
    if partner_id is None:
        return []
    endpoints = list(WebhookEndpoint.objects.filter(partner_id=partner_id, is_active=True))
    if not endpoints:
        return []
    kind = "order.status_changed"
    event = {"id": uuid.uuid4().hex, "type": kind, "created_at": timezone.now().isoformat(),
             "data": {"order_id": order_id, "number": moved.number,
                      "partner_order_id": moved.partner_order_id, "status": moved.status,
                      "previous_status": moved.previous_status}}
    return [outbox_put(channel=OutboxMessage.Channel.WEBHOOK,
                       event=f"{kind}:{order_id}:v{moved.version}", recipient=endpoint.url, kind=kind,
                       about=f"order:{order_id}",
                       payload={"endpoint_id": endpoint.pk, "event": event})
            for endpoint in endpoints]


def sign(*, secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def signature_header(*, secret: str, body: bytes) -> str:
    """The `X-RG-Signature` value for a body sent now. Stamped when sent, never when queued:
    a retry an hour later must still fall inside the receiver's replay window."""
    timestamp = str(int(time.time()))
    return f"t={timestamp},v1={sign(secret=secret, timestamp=timestamp, body=body)}"


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


def webhook_send(message: OutboxMessage) -> None:
    """The outbox's sender for webhooks: sign with the endpoint's current secret and POST.
    A 2xx is success; an unsafe URL or a removed endpoint is permanent; the rest is retried."""
    endpoint = WebhookEndpoint.objects.filter(pk=message.payload.get("endpoint_id")).first()
    if endpoint is None or not endpoint.is_active:
        raise SendFailed(_("The webhook endpoint was removed or switched off."), permanent=True)
    event = message.payload["event"]
    body = json.dumps(event, separators=(",", ":"), sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json", "User-Agent": "rg-order-desk-webhooks/1",
        "X-RG-Event": event["type"], "X-RG-Delivery": str(message.pk),
        SIGNATURE_HEADER: signature_header(secret=endpoint.secret, body=body),
    }
    try:
        response = netguard.safe_post(endpoint.url, data=body, headers=headers, allow_redirects=False,
                                 timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
    except UnsafeWebhookURL as exc:
        raise SendFailed(str(exc), permanent=True) from exc
    except requests.RequestException as exc:
        raise SendFailed(f"{type(exc).__name__}: {exc}"[:500]) from exc
    if not 200 <= response.status_code < 300:
        raise SendFailed(f"HTTP {response.status_code}: {response.text[:200]}")


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
