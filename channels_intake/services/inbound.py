"""Inbound e-mail, the second step: read each stored message and bring it to exactly one terminal
state.

The raw message is committed first, under its unique dedup key (`store.py`; STYLE.md, "keep it,
then parse it"). `inbound_process` then reads it under the parse's time budget, after counting
an attempt (the poison rule), and writes the outcome in one transaction with whatever the
intake door made, so a message never says "order" about an order that rolled back, and a crash
in between leaves it `received` for the next run to finish. A support mailbox's message takes
the same door, its reader instead of the order intake at the end; a person's message to an
order mailbox goes to the inquiries. `inbound_ingest` is both steps for a batch."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from orders import services as order_services
from orders.exceptions import IntakeInvalid
from orders.services import IntakeResult

from .. import domain_events
from ..email import ORDER, PERSON, REVIEW, Readers, Verdict, interpret
from ..email.conflicts import order_differences
from ..email.limits import ParseTimeout, over_limits, parse_deadline
from ..email.mime import read_letter, readable_headers
from ..email.verdict import readable_text
from ..models import InboundMessage, InboundState, Source
from .lifecycle import inbound_state_for
from .store import Stored, inbound_store_many, storable
from .support import SUPPORT, support_reader

logger = logging.getLogger(__name__)

T = TypeVar("T")
PROCESS_CHUNK = 25  # messages per transaction when many are processed (short write locks)
_VALUE_FIELDS = ["state", "reason", "parsed", "order", "lead", "duplicate_of", "processed_at",
                 "attempts", "headers_text", "body_text", "conflicts"]


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
    allowed = [message for message in messages if _attempts_left(message)]
    if allowed:
        with transaction.atomic():
            InboundMessage.objects.filter(pk__in=[message.pk for message in allowed]).update(
                attempts=F("attempts") + 1)
        for message in allowed:
            message.attempts += 1
    return allowed


def _attempts_left(message: InboundMessage) -> bool:
    """Whether the message may be read once more under the poison rule."""
    return message.attempts < settings.INTAKE_EMAIL_MAX_ATTEMPTS


def _error_text(exc: Exception) -> str:
    """What went wrong, in the few words a reason on the row has room for."""
    return f"{type(exc).__name__}: {exc}"[:300]


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
        error = _error_text(exc)
        if not _attempts_left(message):
            values = _poisoned(message, error)
        else:
            values = {"reason": storable(_("the support desk could not take it (%(error)s); it is "
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
    # Support mail is taken alone too: its reader writes an inquiry in a transaction of its own.
    alone, fresh = [], []
    for message in todo:
        (alone if message.attempts or _is_support(message) else fresh).append(message)
    for message in alone:
        inbound_process(message=message, readers=readers)
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
            "error": _error_text(exc)}


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
        result = order_services.intake(normalized=verdict.normalized,
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
                   % {"error": _error_text(exc)},
                   parsed=verdict.normalized.to_json() if verdict.normalized else {},
                   readable=verdict.readable)


def _values(message: InboundMessage, *, state: str, reason: str, parsed: dict | None = None,
            order=None, lead=None, duplicate_of=None, readable: str = "",
            conflicts: list | None = None) -> dict:
    """The terminal state and what it led to, with the text a person reads beside it (decoded
    once, here, so that no page ever parses the raw bytes again)."""
    return {"state": state, "reason": storable(reason), "parsed": storable(parsed or {}),
            "order": order, "lead": lead, "duplicate_of": duplicate_of,
            "processed_at": timezone.now(), "attempts": message.attempts,
            "headers_text": readable_headers(bytes(message.raw)), "body_text": storable(readable),
            "conflicts": storable(conflicts or [])}


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
    """The pipeline of `import_mail`: store all, then read and finish those still `received` (new,
    or left unfinished by an earlier run). The pollers store as they fetch and finish with
    `inbound_process_pending`."""
    stored = inbound_store_many(source=source, messages=messages)
    for entry in stored:
        entry.message.source = source
    inbound_process_many(messages=[entry.message for entry in stored], readers=readers)
    return stored


def inbound_reprocess(*, message_id: int) -> InboundMessage:
    """Read a message again (after a label set or layout was fixed): review, ignored or still
    `received` only, so an order is never taken twice."""
    message = InboundMessage.objects.select_related("source", "source__brand").get(pk=message_id)
    if message.state not in (InboundState.REVIEW, InboundState.IGNORED, InboundState.RECEIVED):
        return message
    if message.state != InboundState.RECEIVED:
        # A person asked to read it again: a fresh count. One still `received` keeps its count,
        # so a message that kills workers is not handed to a web worker by a click.
        message.attempts = 0
        InboundMessage.objects.filter(pk=message.pk).update(attempts=0)
    return inbound_process(message=message, readers=Readers.load())
