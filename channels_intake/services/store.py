"""Inbound e-mail, the first step: keep the raw bytes, under a unique dedup key, before anything
reads them (STYLE.md, "keep it, then parse it").

`inbound_store` commits one message in its own transaction, `inbound_store_many` a batch (an
import) in chunks. The row's few header values (Message-ID, subject, sender) are read from the
header block alone, and only when the message is within the byte limits: size first, so an
oversized message is stored by its content hash, unparsed. Reading and finishing a stored
message is the second step, in `inbound.py`."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser

from django.db import IntegrityError, transaction

from ..email.limits import header_block, within_bytes
from ..email.mime import decoded_header, header
from ..models import InboundMessage, Source

_HEADERS = BytesParser(policy=policy.compat32)
STORE_CHUNK = 200  # raw rows per INSERT in a bulk import


@dataclass
class Stored:
    message: InboundMessage
    is_new: bool  # False: the same message was already stored for this source


@dataclass(frozen=True)
class Envelope:
    dedup_key: str
    message_id: str
    content_hash: str
    subject: str
    sender: str


def envelope(raw: bytes) -> Envelope:
    """The few header values the row carries, read from the header block only, and only when
    the message is within the byte limits: an oversized one is stored by its hash, unparsed."""
    content_hash = hashlib.sha256(raw).hexdigest()
    message_id = subject = sender = ""
    if within_bytes(raw):
        try:
            # The header block only, with the cheap compat32 parser; RFC 2047 decoded for the
            # list pages.
            parsed = _HEADERS.parsebytes(header_block(raw), headersonly=True)
            message_id = " ".join(header(parsed, "message-id").split()).strip("<>")
            subject = decoded_header(header(parsed, "subject"))
            sender = decoded_header(header(parsed, "from"))
        except Exception:  # noqa: BLE001 - any garbage is still stored, by its hash
            message_id = subject = sender = ""
    if message_id:
        key = f"mid:{message_id}"
        if len(key) > 300:
            key = "mid-sha256:" + hashlib.sha256(message_id.encode("utf-8", "replace")).hexdigest()
    else:
        key = f"sha256:{content_hash}"
    return Envelope(dedup_key=storable(key), message_id=storable(message_id)[:300],
                    content_hash=content_hash, subject=storable(" ".join(subject.split()))[:300],
                    sender=storable(" ".join(sender.split()))[:300])


def storable(value):
    """The value as the row can keep it: PostgreSQL text and jsonb hold no NUL character; mail
    may carry them anywhere."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [storable(item) for item in value]
    return value


def _row(source: Source, raw: bytes, origin: str, env: Envelope) -> InboundMessage:
    return InboundMessage(source=source, dedup_key=env.dedup_key, message_id=env.message_id,
                          content_hash=env.content_hash, raw=raw, subject=env.subject,
                          sender=env.sender, origin=origin[:500], size=len(raw))


def inbound_store(*, source: Source, raw: bytes, origin: str = "") -> Stored:
    """Commit the raw message (its own transaction) unless this source already has it."""
    env = envelope(raw)
    row = _row(source, raw, origin, env)
    try:
        with transaction.atomic():
            row.save(force_insert=True)
        return Stored(row, is_new=True)
    except IntegrityError:
        existing = InboundMessage.objects.filter(source=source, dedup_key=env.dedup_key).first()
        if existing is None:
            raise
        if _message_id_reused(existing, env):
            return _store_by_hash(source, raw, origin, env)
        return Stored(existing, is_new=False)


def _message_id_reused(row: InboundMessage, env: Envelope) -> bool:
    """True when the row stored under this Message-ID holds other bytes: a sender that reuses
    Message-IDs. Different bytes are a different message; its content hash keeps it apart (the
    site number still catches a re-sent order)."""
    return row.content_hash != env.content_hash and bool(env.message_id)


def _store_by_hash(source: Source, raw: bytes, origin: str, env: Envelope) -> Stored:
    env = Envelope(f"sha256:{env.content_hash}", env.message_id, env.content_hash, env.subject,
                   env.sender)
    row, created = InboundMessage.objects.get_or_create(
        source=source, dedup_key=env.dedup_key, defaults=_fields(_row(source, raw, origin, env)))
    return Stored(row, is_new=created)


def _fields(row: InboundMessage) -> dict:
    return {f.attname: getattr(row, f.attname) for f in InboundMessage._meta.concrete_fields
            if not f.primary_key}


def inbound_store_many(*, source: Source, messages: Iterable[tuple[bytes, str]]) -> list[Stored]:
    """Like `inbound_store` for a batch (an import): one INSERT and one SELECT per chunk."""
    stored: list[Stored] = []
    batch: list[tuple[bytes, str, Envelope]] = []
    for raw, origin in messages:
        batch.append((raw, origin, envelope(raw)))
        if len(batch) >= STORE_CHUNK:
            stored += _store_chunk(source, batch)
            batch = []
    if batch:
        stored += _store_chunk(source, batch)
    return stored


def _store_chunk(source: Source, batch: list[tuple[bytes, str, Envelope]]) -> list[Stored]:
    keys = [env.dedup_key for _raw, _origin, env in batch]
    before = set(InboundMessage.objects.filter(source=source, dedup_key__in=keys)
                 .values_list("dedup_key", flat=True))
    with transaction.atomic():
        InboundMessage.objects.bulk_create(
            [_row(source, raw, origin, env) for raw, origin, env in batch], ignore_conflicts=True)
    rows = {row.dedup_key: row for row in InboundMessage.objects.filter(source=source,
                                                                        dedup_key__in=keys)}
    result, seen = [], set()
    for raw, origin, env in batch:
        row = rows[env.dedup_key]
        if _message_id_reused(row, env):
            result.append(_store_by_hash(source, raw, origin, env))
            continue
        result.append(Stored(row, is_new=env.dedup_key not in before and env.dedup_key not in seen))
        seen.add(env.dedup_key)
    return result
