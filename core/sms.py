"""SMS through a pluggable gateway: SMS_BACKEND names the class.

- `FileSmsBackend` (the default): each message is a file under SMS_FILE_DIR, for development.
- `ConsoleSmsBackend`: each message is logged.
- `HttpSmsBackend`: POSTs JSON {"to", "text", "sender", "id"} to SMS_HTTP_URL with
  `Authorization: Bearer SMS_HTTP_TOKEN`, within SMS_HTTP_TIMEOUT_SECONDS; a 2xx is sent, a 4xx
  other than 408/429 is permanent, anything else is retried by the outbox.

The outbox's "sms" channel (core.apps registers `send_sms`): payload {"text": str}, recipient
an E.164 number. The row's id goes with the message so a gateway can drop a second copy."""

from __future__ import annotations

import json
import logging
import re
import time
from pathlib import Path

import requests
from django.conf import settings
from django.utils.module_loading import import_string

from .models import OutboxMessage
from .outbox import SendFailed

logger = logging.getLogger(__name__)

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
MAX_TEXT = 480  # three concatenated parts at most


class BaseSmsBackend:
    def send(self, *, to: str, text: str, message_id: str) -> None:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    def send(self, *, to: str, text: str, message_id: str) -> None:
        logger.info("SMS %s to %s: %s", message_id, to, text)


class FileSmsBackend(BaseSmsBackend):
    def send(self, *, to: str, text: str, message_id: str) -> None:
        folder = Path(settings.SMS_FILE_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{message_id}.json"
        (folder / name).write_text(json.dumps({"to": to, "text": text, "id": message_id},
                                              ensure_ascii=False), encoding="utf-8")


class HttpSmsBackend(BaseSmsBackend):
    def send(self, *, to: str, text: str, message_id: str) -> None:
        if not settings.SMS_HTTP_URL:
            raise SendFailed("SMS_HTTP_URL is not set", permanent=True)
        headers = {"Content-Type": "application/json", "User-Agent": "rg-order-desk-sms/1",
                   "Idempotency-Key": message_id}
        if settings.SMS_HTTP_TOKEN:
            headers["Authorization"] = f"Bearer {settings.SMS_HTTP_TOKEN}"
        body = {"to": to, "text": text, "sender": settings.SMS_SENDER_NAME, "id": message_id}
        try:
            response = requests.post(settings.SMS_HTTP_URL, json=body, headers=headers,
                                     timeout=settings.SMS_HTTP_TIMEOUT_SECONDS,
                                     allow_redirects=False)
        except requests.RequestException as exc:
            raise SendFailed(f"{type(exc).__name__}: {exc}"[:500]) from exc
        status = response.status_code
        if 200 <= status < 300:
            return
        permanent = 400 <= status < 500 and status not in (408, 429)
        raise SendFailed(f"HTTP {status}: {response.text[:200]}", permanent=permanent)


def sms_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(message: OutboxMessage) -> None:
    """The outbox's sender for the "sms" channel."""
    to, text = message.recipient, str(message.payload.get("text") or "").strip()
    if not E164.match(to):
        raise SendFailed(f"not an E.164 number: {to!r}", permanent=True)
    if not text:
        raise SendFailed("empty SMS", permanent=True)
    sms_backend().send(to=to, text=text[:MAX_TEXT], message_id=f"outbox-{message.pk}")


outbox: list[dict] = []  # what LocmemSmsBackend "sent" (tests)


class LocmemSmsBackend(BaseSmsBackend):
    def send(self, *, to: str, text: str, message_id: str) -> None:
        outbox.append({"to": to, "text": text, "id": message_id})
