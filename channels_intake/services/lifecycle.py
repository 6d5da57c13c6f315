"""The one lifecycle every inbound message shares, whatever the channel (an e-mail, a feed page,
an API body), and the one health, backoff and poll lock every polled source shares (issue #10:
three pipelines kept four copies of the state mapping, two backoff formulas and two locks).

A message is stored raw first, by its channel, then ends in exactly one terminal state with
`inbound_finish`; a message read in the transaction it arrived in (an API body) is stored once,
already in that state, with `inbound_record`. What the intake door answered maps to that state
in one place."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from core.backoff import backoff
from core.locks import task_lock
from orders.services import IntakeResult

from ..models import InboundMessage, InboundState, Source

MAX_BACKOFF = timedelta(hours=1)
# Outlives the slowest poll of any kind (mail's hard time limit is 360 s, a feed's 300 s).
POLL_LOCK_TTL = 600

_STATE_FOR_RESULT = {IntakeResult.ORDER: InboundState.ORDER, IntakeResult.LEAD: InboundState.LEAD,
                     IntakeResult.DUPLICATE: InboundState.DUPLICATE}


def inbound_state_for(result: IntakeResult) -> str:
    """The message's state for what the intake door made of it."""
    return _STATE_FOR_RESULT[result.outcome]


def inbound_finish(*, message: InboundMessage, state: str, reason: str = "",
                   **outcome) -> InboundMessage:
    """Bring a stored message to its terminal state in one UPDATE, with what it led to (`order`,
    `lead`, `parsed`, `duplicate_of`, `attempts`...). Call it inside the transaction of whatever
    the message made, so that it never says "order" about an order that rolled back."""
    if state not in InboundMessage.TERMINAL:
        raise ValueError(f"{state!r} is not a terminal state of an inbound message")
    values = {"state": state, "reason": reason, "processed_at": timezone.now(), **outcome}
    InboundMessage.objects.filter(pk=message.pk).update(**values)
    for name, value in values.items():
        setattr(message, name, value)
    return message


def inbound_record(*, state: str, reason: str = "", **fields) -> InboundMessage:
    """Store a message already read, in its terminal state, in one INSERT: for a channel that
    reads a message in the same transaction as it arrives (an API body), where storing it
    first and finishing it after would commit, or roll back, together anyway."""
    if state not in InboundMessage.TERMINAL:
        raise ValueError(f"{state!r} is not a terminal state of an inbound message")
    return InboundMessage.objects.create(state=state, reason=reason,
                                         processed_at=timezone.now(), **fields)


def backoff_delay(*, interval: int, failures: int) -> timedelta:
    """How long a source waits before its next poll: its interval, doubled for each failure in a
    row, never more than MAX_BACKOFF (a refused login is not hammered, and comes back within the
    hour once fixed)."""
    return backoff(base=timedelta(seconds=max(interval, 1)), failures=failures, cap=MAX_BACKOFF)


def source_poll_lock(source_id: int) -> AbstractContextManager[bool]:
    """Held while one source is polled, whatever its kind: a second poll of it skips."""
    return task_lock(f"poll-source:{source_id}", ttl=POLL_LOCK_TTL)


def source_health_record(*, source: Source, error: str = "") -> None:
    """The outcome of one poll on the source's health (shown to managers and on /healthz), and
    when it may be polled again: its interval after a success, the backoff after failures."""
    now = timezone.now()
    if error:
        Source.objects.filter(pk=source.pk).update(
            last_poll_at=now, last_error=error[:2000], last_error_at=now,
            consecutive_failures=F("consecutive_failures") + 1,
            next_poll_at=now + backoff_delay(interval=source.poll_interval,
                                             failures=source.consecutive_failures + 1))
    else:
        Source.objects.filter(pk=source.pk).update(
            last_poll_at=now, last_success_at=now, consecutive_failures=0, last_error="",
            next_poll_at=now + timedelta(seconds=source.poll_interval))
