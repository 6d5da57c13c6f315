"""The support mailbox: polled like the order mailboxes (same cursor, dedup and seen-after-
commit), but its mail is handed to the support reader registered by a higher floor (the
inquiries app, in its AppConfig.ready) instead of the order intake. Without a reader the mail
waits, stored and `received`, for the next poll."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from ..models import InboundMessage, InboundState, Source

logger = logging.getLogger(__name__)

SupportReader = Callable[[bytes], str]  # raw mail -> what it became ("INQ-..."), for the row
_readers: list[SupportReader] = []


def register_support_reader(reader: SupportReader) -> None:
    if reader not in _readers:
        _readers.append(reader)


def support_process_pending(*, source: Source, limit: int = 500) -> list[InboundMessage]:
    """Hand every `received` message of a support source to the reader, one transaction each."""
    if not _readers:
        return []
    done = []
    for message in InboundMessage.objects.filter(
            source=source, state=InboundState.RECEIVED).order_by("pk")[:limit]:
        try:
            with transaction.atomic():
                result = _readers[0](bytes(message.raw))
                InboundMessage.objects.filter(pk=message.pk).update(
                    state=InboundState.SUPPORT, reason=str(result)[:500],
                    processed_at=timezone.now())
        except Exception as exc:  # noqa: BLE001 - kept received, retried by the next poll
            logger.warning("support mail %s not read: %s", message.pk, exc, exc_info=True)
            InboundMessage.objects.filter(pk=message.pk).update(
                reason=f"{type(exc).__name__}: {exc}"[:500])
            continue
        message.state = InboundState.SUPPORT
        done.append(message)
    return done
