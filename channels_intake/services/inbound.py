"""Inbound e-mail: keep the raw bytes first, then bring each message to exactly one terminal state.

Two steps on purpose (STYLE.md, "keep it, then parse it"): `inbound_store*` commits the raw
message under its unique dedup key before anything reads it; `inbound_process` reads it and
writes the outcome in one transaction with whatever the intake door made, so a message never
says "order" about an order that rolled back, and a crash in between leaves it `received` for
the next run to finish."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from typing import TypeVar

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.exceptions import IntakeInvalid
from orders.services.intake import IntakeResult, intake

from .. import domain_events
from ..email import ORDER, PERSON, REVIEW, Readers, Verdict, interpret
from ..email.conflicts import order_differences
from ..email.limits import ParseTimeout, header_block, over_limits, parse_deadline, within_bytes
from ..email.mime import decoded_header, header, read_letter, readable_headers
from ..email.verdict import readable_text
from ..models import InboundMessage, InboundState, Source
from .lifecycle import inbound_state_for
from .support import SUPPORT, support_reader

logger = logging.getLogger(__name__)

_HEADERS = BytesParser(policy=policy.compat32)
T = TypeVar("T")
STORE_CHUNK = 200  # raw rows per INSERT in a bulk import
PROCESS_CHUNK = 25  # messages per transaction when many are processed (short write locks)
_VALUE_FIELDS = ["state", "reason", "parsed", "order", "lead", "duplicate_of", "processed_at",
                 "attempts", "headers_text", "body_text", "conflicts"]


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
    return Envelope(dedup_key=_text(key), message_id=_text(message_id)[:300],
                    content_hash=content_hash, subject=_text(" ".join(subject.split()))[:300],
                    sender=_text(" ".join(sender.split()))[:300])


def _text(value):
    """PostgreSQL text and jsonb hold no NUL character; mail may carry them anywhere."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {_text(key): _text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_text(item) for item in value]
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
        if existing.content_hash != env.content_hash and env.message_id:
            # A sender that reuses Message-IDs: different bytes are a different message; its
            # content hash keeps it apart (the site number still catches a re-sent order).
            return _store_by_hash(source, raw, origin, env)
        return Stored(existing, is_new=False)


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
        if row.content_hash != env.content_hash and env.message_id:
            result.append(_store_by_hash(source, raw, origin, env))
            continue
        result.append(Stored(row, is_new=env.dedup_key not in before and env.dedup_key not in seen))
        seen.add(env.dedup_key)
    return result


def inbound_process(*, message: InboundMessage, readers: Readers | None = None) -> InboundMessage:
    """Read one stored message and bring it to its terminal state. Never raises: whatever goes
    wrong sends the message to review with the reason. A support mailbox's message takes the
    same door, the support reader instead of the order intake at its end."""
    support = _is_support(message)
    if support and support_reader() is None:
        return message  # stored and `received` until the support reader is registered
    if not _attempt_begin([message]):
        values = _poisoned(message)
        InboundMessage.objects.filter(pk=message.pk).update(**values)
    elif support:
        values = _support_finish(message)
    else:
        values = _finish(message, _verdict(message, readers or Readers.load()))
    _apply(message, values)
    return message


def _finish(message: InboundMessage, verdict: Verdict) -> dict:
    """Write the message's outcome, with whatever the intake door made, in one transaction (one
    UPDATE of the row); a failure there rolls it back and leaves the message in review with the
    reason. Returns the values written."""
    try:
        with transaction.atomic():
            values = _outcome(message, verdict)
            InboundMessage.objects.filter(pk=message.pk).update(**values)
    except Exception as exc:  # noqa: BLE001
        logger.exception("inbound message %s could not be taken", message.pk)
        values = _failed(message, verdict, exc)
        InboundMessage.objects.filter(pk=message.pk).update(**values)
    return values


def _attempt_begin(messages: list[InboundMessage]) -> list[InboundMessage]:
    """Count one more attempt on each message that has attempts left, in a write of its own that
    commits BEFORE anything parses them: a message that kills the worker (memory, hard time
    limit) has its attempt counted all the same, so the poison rule sees it next time. Returns
    the messages that may be read; the others have used up INTAKE_EMAIL_MAX_ATTEMPTS."""
    allowed = [message for message in messages
               if message.attempts < settings.INTAKE_EMAIL_MAX_ATTEMPTS]
    if allowed:
        with transaction.atomic():
            InboundMessage.objects.filter(pk__in=[message.pk for message in allowed]).update(
                attempts=F("attempts") + 1)
        for message in allowed:
            message.attempts += 1
    return allowed


def _poisoned(message: InboundMessage, error: str = "") -> dict:
    reason = _("could not be read: %(count)s attempts to read it failed or were interrupted; it "
               "is not tried again") % {"count": message.attempts}
    return _values(message, state=InboundState.REVIEW,
                   reason=f"{reason} ({error})" if error else reason)


def _is_support(message: InboundMessage) -> bool:
    return message.source.purpose == SUPPORT


def _support_finish(message: InboundMessage) -> dict:
    """A support reply: refused unread over a limit, else read by the one MIME reader under the
    time budget, then handed to the support reader in one transaction with the row's new state.
    A reader that fails leaves the message `received` for the next poll while it has attempts
    left, then sends it to review as *could not be read*: never read again at every poll."""
    raw = bytes(message.raw)
    refused = over_limits(raw)
    letter, problem = (None, refused) if refused else _within_budget(message, read_letter)
    if letter is not None and letter.sender_problem:
        letter, problem = None, letter.sender_problem  # two From: headers, a mangled address
    if letter is None:
        values = _values(message, state=InboundState.REVIEW, reason=problem)
        InboundMessage.objects.filter(pk=message.pk).update(**values)
        return values
    try:
        with transaction.atomic():
            values = _values(message, state=InboundState.SUPPORT,
                             reason=str(support_reader()(letter, message.pk))[:500],
                             readable=readable_text(letter))
            InboundMessage.objects.filter(pk=message.pk).update(**values)
    except Exception as exc:  # noqa: BLE001 - tried again while attempts are left, then review
        logger.exception("support mail %s could not be taken", message.pk)
        error = f"{type(exc).__name__}: {exc}"[:300]
        if message.attempts >= settings.INTAKE_EMAIL_MAX_ATTEMPTS:
            values = _poisoned(message, error)
        else:
            values = {"reason": _text(_("the support desk could not take it (%(error)s); it is "
                                        "tried again at the next poll") % {"error": error})}
        InboundMessage.objects.filter(pk=message.pk).update(**values)
    return values


def inbound_process_many(*, messages: list[InboundMessage], readers: Readers | None = None) -> None:
    """`inbound_process` for a batch, with far fewer round trips and commits: each chunk is one
    transaction whose states are written by one bulk UPDATE, with the orders they led to. The
    raw rows are committed already. Anything unexpected rolls the chunk back as a whole, and its
    messages are then taken one by one, each alone, so one bad message costs its neighbours a
    second pass, never their order.

    A message that was attempted before (its run was interrupted, maybe by this very message)
    is read alone, oldest first: a message that kills the worker then stops only those after it
    in one run, and uses up its own attempts, not its neighbours'."""
    todo, seen = [], set()
    for message in messages:
        if message.state == InboundState.RECEIVED and message.pk not in seen:
            seen.add(message.pk)
            todo.append(message)
    if any(not _is_support(message) for message in todo):
        readers = readers or Readers.load()
    # Support mail is taken alone: its reader writes an inquiry in a transaction of its own.
    for message in (message for message in todo if message.attempts or _is_support(message)):
        inbound_process(message=message, readers=readers)
    fresh = [message for message in todo if not message.attempts and not _is_support(message)]
    for start in range(0, len(fresh), PROCESS_CHUNK):
        chunk = _attempt_begin(fresh[start:start + PROCESS_CHUNK])
        # Read outside the transaction: parsing holds no lock, and the parse's deadline alarm
        # never lands inside a database call.
        verdicts = [_verdict(message, readers) for message in chunk]
        try:
            with transaction.atomic():
                for message, verdict in zip(chunk, verdicts, strict=True):
                    _apply(message, _outcome(message, verdict))
                _save_states(chunk)
        except Exception:  # noqa: BLE001 - the slow path below isolates and records the culprit
            logger.warning("a chunk of inbound messages failed; taking them one by one",
                           exc_info=True)
            for message, verdict in zip(chunk, verdicts, strict=True):
                message.state = InboundState.RECEIVED
                _apply(message, _finish(message, verdict))


def _save_states(messages: list[InboundMessage]) -> None:
    """The chunk's new values in one `executemany` (psycopg pipelines it): `bulk_update` builds a
    CASE per field and row and cost more CPU than the rest of our part of the pipeline."""
    fields = [InboundMessage._meta.get_field(name) for name in _VALUE_FIELDS]
    quote = connection.ops.quote_name
    sql = (f"UPDATE {quote(InboundMessage._meta.db_table)} SET "
           + ", ".join(f"{quote(field.column)} = %s" for field in fields)
           + f" WHERE {quote(InboundMessage._meta.pk.column)} = %s")
    rows = [[field.get_db_prep_save(getattr(message, field.attname), connection) for field in fields]
            + [message.pk] for message in messages]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _verdict(message: InboundMessage, readers: Readers) -> Verdict:
    source = message.source
    brand = source.brand.code if source.brand_id else ""
    verdict, problem = _within_budget(
        message, lambda raw: interpret(raw, readers=readers, brand=brand))
    return verdict if verdict is not None else Verdict(REVIEW, reason=problem)


def _within_budget(message: InboundMessage, read: Callable[[bytes], T]) -> tuple[T | None, str]:
    """`read` on the raw bytes under the parse's time budget: (what it returned, "") or, when it
    ran out of time or raised, (None, the reason a person reads in review)."""
    budget = settings.INTAKE_EMAIL_PARSE_SECONDS
    try:
        with parse_deadline(budget):
            return read(bytes(message.raw)), ""
    except ParseTimeout:
        logger.warning("inbound message %s: reading it took over %s s", message.pk, budget)
        return None, _("could not be read: reading it took longer than %(seconds)s s") % {
            "seconds": budget}
    except Exception as exc:  # noqa: BLE001 - a message that breaks the reader waits for a person
        logger.exception("inbound message %s could not be read", message.pk)
        return None, _("the message could not be read (%(error)s)") % {
            "error": f"{type(exc).__name__}: {exc}"[:300]}


def _outcome(message: InboundMessage, verdict: Verdict) -> dict:
    """Take the order the verdict found (through the intake door); the message's new values."""
    if verdict.outcome == PERSON:
        # The inquiries take it, in this transaction (a subscriber of the event above us).
        domain_events.person_wrote(inbound_id=message.pk, mail=verdict.person)
        return _values(message, state=InboundState.SUPPORT, readable=verdict.readable,
                       reason=_("a person's message, not an order: it went to the inquiries"))
    if verdict.outcome != ORDER:
        # A message read in part keeps what was read: the review form is filled from it.
        partial = verdict.normalized.to_json() if verdict.normalized is not None else None
        return _values(message, state=verdict.outcome, reason=verdict.reason, parsed=partial,
                       readable=verdict.readable)
    parsed = verdict.normalized.to_json()
    try:
        result = intake(normalized=verdict.normalized,
                        source=f"e-mail {message.source.name}"[:60])
    except IntakeInvalid as exc:
        reason = "; ".join(text for problems in exc.errors.values() for _code, text in problems)
        return _values(message, state=InboundState.REVIEW, reason=reason, parsed=parsed,
                       readable=verdict.readable)
    reason, original = "", None
    if result.outcome == IntakeResult.DUPLICATE:
        taken = result.order or result.lead
        reason = _("already taken: %(what)s") % {
            "what": result.order.number if result.order else _("lead %(ref)s") % {"ref": taken}}
        original = (InboundMessage.objects.filter(**({"order": result.order} if result.order
                                                     else {"lead": result.lead}))
                    .exclude(pk=message.pk).only("pk", "parsed").order_by("pk").first())
        differences = (order_differences(original.parsed, parsed)
                       if original is not None and original.parsed and verdict.normalized.site_number
                       else [])
        if differences:
            # Not a silent duplicate: the same site number with another order in it (a forged
            # e-mail sent first, a changed order re-sent) waits for a person beside the first.
            return _values(message, state=InboundState.REVIEW, parsed=parsed,
                           reason=_("site order number %(number)s is already taken by %(what)s, "
                                    "with other details: %(fields)s") % {
                               "number": verdict.normalized.site_number,
                               "what": result.order.number if result.order else _("a pre-order"),
                               "fields": ", ".join(item["field"] for item in differences)},
                           duplicate_of=original, conflicts=differences, readable=verdict.readable)
    elif result.completed_lead is not None:
        reason = _("completed the pre-order (lead %(lead)s)") % {"lead": result.completed_lead.pk}
    return _values(message, state=inbound_state_for(result), reason=reason, parsed=parsed,
                   order=result.order, lead=result.lead or result.completed_lead,
                   duplicate_of=original, readable=verdict.readable)


def _failed(message: InboundMessage, verdict: Verdict, exc: Exception) -> dict:
    return _values(message, state=InboundState.REVIEW,
                   reason=_("taking the order failed (%(error)s)")
                   % {"error": f"{type(exc).__name__}: {exc}"[:300]},
                   parsed=verdict.normalized.to_json() if verdict.normalized else {},
                   readable=verdict.readable)


def _values(message: InboundMessage, *, state: str, reason: str, parsed: dict | None = None,
            order=None, lead=None, duplicate_of=None, readable: str = "",
            conflicts: list | None = None) -> dict:
    """The terminal state and what it led to, with the text a person reads beside it (decoded
    once, here, so that no page ever parses the raw bytes again)."""
    return {"state": state, "reason": _text(reason), "parsed": _text(parsed or {}),
            "order": order, "lead": lead, "duplicate_of": duplicate_of,
            "processed_at": timezone.now(), "attempts": message.attempts,
            "headers_text": readable_headers(bytes(message.raw)), "body_text": _text(readable),
            "conflicts": _text(conflicts or [])}


def _apply(message: InboundMessage, values: dict) -> None:
    for name, value in values.items():
        setattr(message, name, value)


def inbound_process_pending(*, source: Source, readers: Readers | None = None,
                            limit: int = 500) -> list[InboundMessage]:
    """Finish every message of the source still `received` (stored, then interrupted)."""
    pending = list(InboundMessage.objects.filter(source=source, state=InboundState.RECEIVED)
                   .order_by("pk")[:limit])
    for message in pending:
        message.source = source
    if pending:
        inbound_process_many(messages=pending, readers=readers)
    return pending


def inbound_ingest(*, source: Source, messages: Iterable[tuple[bytes, str]],
                   readers: Readers | None = None) -> list[Stored]:
    """The pipeline of `import_mail` and the Maildir poller: store all, then process the new."""
    stored = inbound_store_many(source=source, messages=messages)
    for entry in stored:
        entry.message.source = source
    inbound_process_many(messages=[entry.message for entry in stored], readers=readers)
    return stored


def inbound_reprocess(*, message_id: int) -> InboundMessage:
    """Read a message again (after a label set or layout was fixed): review and ignored only, so
    an order is never taken twice."""
    message = InboundMessage.objects.select_related("source", "source__brand").get(pk=message_id)
    if message.state not in (InboundState.REVIEW, InboundState.IGNORED, InboundState.RECEIVED):
        return message
    if message.state != InboundState.RECEIVED:
        # A person asked to read it again: a fresh count. One still `received` keeps its count,
        # so a message that kills workers is not handed to a web worker by a click.
        message.attempts = 0
        InboundMessage.objects.filter(pk=message.pk).update(attempts=0)
    return inbound_process(message=message, readers=Readers.load())
