"""One outbox for everything that leaves the desk: customer e-mail, partner webhooks, SMS later.

The life of a message:

1. **Written with the change.** `outbox_put` inserts an `OutboxMessage` inside the caller's
   transaction, so a change that rolls back leaves nothing to send. The row is unique per
   (event, recipient, channel): writing the same message twice is a no-op.
2. **Claimed by one worker.** `outbox_claim` is one conditional UPDATE: `pending` or `failed`
   rows whose time has come (or `sending` rows whose lease ran out) become `sending` with a
   fresh claim token and a lease (`OUTBOX_CLAIM_SECONDS`). Two claimers race on the row lock;
   PostgreSQL re-checks the WHERE for the second one, which then matches nothing.
3. **Sent outside any transaction** by the sender plugged into `SENDERS` for its channel
   (core's `subscribers.py` plugs e-mail and SMS, channels_intake's the webhooks).
4. **Outcome recorded in a write of its own**, only by the claim that sent it: `sent`, or
   `failed` with the error and the next attempt (exponential backoff), or `dead` after
   `OUTBOX_MAX_ATTEMPTS` attempts or a permanent error.

The task `core.outbox_send` (kicked after commit) and the beat sweeper `core.outbox_sweep`
(due and expired rows) both go through the same claim, so a row is never sent by two
workers at once.

At-least-once, honestly: a worker killed after the receiver accepted the message but before
`sent` was written leaves a `sending` row whose lease expires; it is then sent again. That
window is the send call's return plus one UPDATE. Receivers can dedupe: e-mails carry a
Message-ID fixed by the row, webhooks an `X-RG-Delivery` id and an event id fixed by the row.
"""

from __future__ import annotations

import logging
import os
import secrets
import smtplib
import socket
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from . import events
from .backoff import backoff
from .domain_events import OutboxSent
from .hooks import Hook
from .models import OutboxMessage

logger = logging.getLogger(__name__)

Channel = OutboxMessage.Channel
State = OutboxMessage.State

# Published after a row is written (after commit: the task that sends it is kicked) and after
# a row is sent (the app that wrote it may note it, e.g. on the order's timeline).
MESSAGE_ID_BYTES = 16  # 128 random bits in every outgoing Message-ID


class SendFailed(Exception):
    """What a sender raises for a failure it understands. `permanent`: never retry."""

    def __init__(self, error: str, *, permanent: bool = False):
        super().__init__(error)
        self.permanent = permanent


Sender = Callable[[OutboxMessage], None]
SENDERS: Hook[Sender] = Hook(
    "outbox senders", "channel -> sender(message): delivers one message or raises (SendFailed "
    "or any error)")


def _kick_after_commit(message_id: int) -> None:
    """One send task per new row, once the row is committed. A broker that is down is logged
    (robust), not raised: the row is kept and the sweeper sends it."""
    from .tasks import outbox_send  # the task module imports this one

    transaction.on_commit(lambda: outbox_send.delay(message_id), robust=True)


# --- writing ------------------------------------------------------------------------------

def outbox_put(*, channel: str, event: str, recipient: str, payload: dict[str, Any],
               kind: str = "", about: str = "", not_before: datetime | None = None) -> OutboxMessage:
    """Queue one message in the caller's transaction; it is sent once that commits (or, with
    `not_before`, by the sweeper once that time has come). The same (event, recipient,
    channel) written again returns the row already there."""
    defaults = {"payload": payload, "kind": kind, "about": about}
    if not_before is not None:
        defaults["next_attempt_at"] = not_before
    message, created = OutboxMessage.objects.get_or_create(
        event=event[:120], recipient=recipient, channel=channel, defaults=defaults)
    if created:
        _kick_after_commit(message.pk)
    return message


def outbox_retry(*, message_ids: Iterable[int]) -> int:
    """"Retry now" (the admin's action): failed and dead rows become due at once. Sent and
    in-flight rows are left alone. Returns how many were queued again."""
    ids = list(OutboxMessage.objects.filter(pk__in=list(message_ids),
                                            state__in=[State.FAILED, State.DEAD])
               .values_list("pk", flat=True))
    OutboxMessage.objects.filter(pk__in=ids, state__in=[State.FAILED, State.DEAD]).update(
        state=State.PENDING, next_attempt_at=timezone.now())
    for pk in ids:
        _kick_after_commit(pk)
    return len(ids)


# --- claiming, sending, recording ---------------------------------------------------------

def _claimable(now) -> Q:
    return (Q(state__in=[State.PENDING, State.FAILED], next_attempt_at__lte=now)
            | Q(state=State.SENDING, claimed_until__lt=now))


def _claim_token() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def outbox_claim(*, message_id: int) -> OutboxMessage | None:
    """Take the row for one send, or None if it is not due or another worker holds it."""
    now, token = timezone.now(), _claim_token()
    won = OutboxMessage.objects.filter(_claimable(now), pk=message_id).update(
        state=State.SENDING, claimed_by=token,
        claimed_until=now + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS),
        attempts=F("attempts") + 1)
    if not won:
        return None
    return OutboxMessage.objects.get(pk=message_id, claimed_by=token)


def outbox_send(*, message_id: int) -> OutboxMessage | None:
    """Claim, send, record. Returns the row as recorded, or None when it was not ours to send
    (already sent, not due yet, or in another worker's hands)."""
    message = outbox_claim(message_id=message_id)
    if message is None:
        return None
    sender = SENDERS.get(message.channel)
    error, permanent = "", False
    try:
        if sender is None:
            raise SendFailed(f"no sender registered for channel {message.channel!r}")
        sender(message)
    except SendFailed as exc:
        error, permanent = str(exc) or type(exc).__name__, exc.permanent
    except Exception as exc:  # noqa: BLE001 - any failure is recorded on the row and retried
        error = f"{type(exc).__name__}: {exc}"
    return _record(message, error=error, permanent=permanent)


def backoff_seconds(attempts: int) -> int:
    """30 s, 1 min, 2 min, ... capped at an hour."""
    delay = backoff(base=timedelta(seconds=30), failures=attempts - 1, cap=timedelta(hours=1))
    return int(delay.total_seconds())


def _record(message: OutboxMessage, *, error: str, permanent: bool) -> OutboxMessage:
    """The outcome, written only if our claim still holds (a claim that expired and was taken
    over belongs to the other worker now)."""
    now = timezone.now()
    ours = OutboxMessage.objects.filter(pk=message.pk, state=State.SENDING,
                                        claimed_by=message.claimed_by)
    with transaction.atomic():
        if not error:
            changed = ours.update(state=State.SENT, sent_at=now, last_error="",
                                  claimed_until=None)
            if changed:
                events.publish(OutboxSent(message_id=message.pk, channel=message.channel,
                                          kind=message.kind, about=message.about,
                                          recipient=message.recipient))
        else:
            dead = permanent or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS
            changed = ours.update(
                state=State.DEAD if dead else State.FAILED, last_error=error[:2000],
                claimed_until=None,
                next_attempt_at=now + timedelta(seconds=backoff_seconds(message.attempts)))
            logger.warning("outbox message %s (%s to %s) failed, attempt %s: %s", message.pk,
                           message.channel, message.recipient, message.attempts, error)
    if not changed:
        logger.warning("outbox message %s: claim %s lost before its outcome was recorded",
                       message.pk, message.claimed_by)
    message.refresh_from_db()
    return message


def outbox_due(*, limit: int = 200) -> list[int]:
    """Rows the sweeper should try: due retries, rows whose kick was lost, expired claims."""
    return list(OutboxMessage.objects.filter(_claimable(timezone.now()))
                .order_by("next_attempt_at").values_list("pk", flat=True)[:limit])


def outbox_sweep(*, limit: int = 200) -> int:
    """Send what is due, one claim at a time; returns how many this call sent or recorded."""
    done = 0
    for pk in outbox_due(limit=limit):
        if outbox_send(message_id=pk) is not None:
            done += 1
    return done


# --- health -------------------------------------------------------------------------------

def outbox_health() -> dict:
    """For /healthz: counts per state and the age of the oldest message not yet sent. Not ok
    when something is dead or has waited longer than OUTBOX_STALE_AFTER."""
    counts = dict(OutboxMessage.objects.exclude(state=State.SENT).order_by().values("state")
                  .annotate(n=Count("pk")).values_list("state", "n"))
    oldest = (OutboxMessage.objects.filter(state__in=[State.PENDING, State.SENDING, State.FAILED])
              .aggregate(oldest=Min("created_at"))["oldest"])
    age = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    return {
        "ok": not counts.get(State.DEAD) and age <= settings.OUTBOX_STALE_AFTER.total_seconds(),
        "oldest_unsent_seconds": age,
        "counts": {state: counts.get(state, 0) for state in
                   (State.PENDING, State.SENDING, State.FAILED, State.DEAD)},
    }


# --- the e-mail sender --------------------------------------------------------------------

def email_payload(*, subject: str, body: str, from_email: str = "",
                  reply_to: str = "") -> dict[str, str]:
    """What an e-mail row carries (the writer renders it in the recipient's language), with its
    Message-ID drawn here, once: fixed by the row, so a message sent twice (the at-least-once
    window) can be deduped, and random (MESSAGE_ID_BYTES from `secrets`), so nobody can compute
    the id of a message sent to someone else and thread a forged reply with it (issue 17)."""
    sender = from_email or settings.DEFAULT_FROM_EMAIL
    domain = sender.rpartition("@")[2].strip(" >") or "localhost"
    return {"subject": subject, "body": body, "from": sender, "reply_to": reply_to,
            "message_id": f"<{secrets.token_hex(MESSAGE_ID_BYTES)}@{domain}>"}


def message_id_header(message: OutboxMessage) -> str:
    """The row's Message-ID ("" for a row written without `email_payload`: the mail library
    then draws one of its own)."""
    return str(message.payload.get("message_id") or "")


def _headers(message: OutboxMessage) -> dict[str, str]:
    """Message-ID, and for an answer in a thread (payload "in_reply_to") its threading headers."""
    headers = {}
    if message_id_header(message):
        headers["Message-ID"] = message_id_header(message)
    parent = str(message.payload.get("in_reply_to") or "")
    if parent.startswith("<") and parent.endswith(">") and "\n" not in parent and len(parent) < 300:
        headers["In-Reply-To"] = headers["References"] = parent
    return headers


def send_email(message: OutboxMessage) -> None:
    """Django's mail with the configured backend (SMTP in production). A recipient refused
    by the server is permanent; anything else (refused port, timeout, 4xx) is retried."""
    payload = message.payload
    email = EmailMessage(payload.get("subject", ""), payload.get("body", ""),
                         payload.get("from") or settings.DEFAULT_FROM_EMAIL, [message.recipient],
                         reply_to=[payload["reply_to"]] if payload.get("reply_to") else None,
                         headers=_headers(message))
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as exc:
        raise SendFailed(f"recipient refused: {exc.recipients}", permanent=True) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise SendFailed(f"{type(exc).__name__}: {exc}") from exc
