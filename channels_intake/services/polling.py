"""Polling mail sources: an IMAP mailbox (by UID after the last committed one) or a local Maildir.

The order of things is the guarantee: fetch, commit the raw row, and only then mark the mail
seen (IMAP) or move it to cur/ (Maildir) and advance the cursor. A crash anywhere fetches the
message again, and the unique dedup key makes the second copy a no-op: nothing lost, nothing
doubled. A failure is written on the source (last error, failures in a row) and the next poll
waits longer each time; other sources have their own tasks and go on."""

from __future__ import annotations

import logging
import os
import ssl
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from ..exceptions import SourceMisconfigured
from ..models import Source, source_safety_errors
from .inbound import inbound_process_pending
from .lifecycle import source_health_record, source_poll_lock
from .store import inbound_store, inbound_store_many

logger = logging.getLogger(__name__)

FETCH_BATCH = 20  # messages per IMAP FETCH: bounds memory when photos are attached
IMAP_TIMEOUT = 30  # seconds for connect and every command
POLLED_KINDS = (Source.Kind.IMAP, Source.Kind.MAILDIR)


@dataclass
class PollReport:
    source: str
    fetched: int = 0
    stored: int = 0
    processed: int = 0
    error: str = ""
    states: dict[str, int] = field(default_factory=dict)


def source_poll(*, source_id: int) -> PollReport | None:
    """Poll one source now. None when another worker is polling it at this moment."""
    with source_poll_lock(source_id) as held:
        if not held:
            return None
        source = Source.objects.select_related("brand").get(pk=source_id)
        report = PollReport(source=source.name)
        try:
            if source.kind == Source.Kind.IMAP:
                _poll_imap(source, report)
            elif source.kind == Source.Kind.MAILDIR:
                _poll_maildir(source, report)
            else:
                raise SourceMisconfigured(f"a {source.kind} source is not polled for mail")
        except Exception as exc:  # noqa: BLE001 - recorded on the source's health, and logged
            logger.warning("polling %s failed: %s", source.name, exc, exc_info=True)
            report.error = f"{type(exc).__name__}: {exc}"[:2000]
            source_health_record(source=source, error=report.error)
        else:
            source_health_record(source=source)
        # Whatever was stored (even before a failure) is read now, or by the next poll, through
        # the one door whatever the mailbox (a support mailbox's mail ends with its reader).
        pending = inbound_process_pending(source=source)
        for message in pending:
            report.processed += 1
            report.states[message.state] = report.states.get(message.state, 0) + 1
        return report


# IMAP -----------------------------------------------------------------------------------------

def _connect(source: Source):
    from imapclient import IMAPClient

    if not source.host:
        raise SourceMisconfigured("the source has no host")
    unsafe = source_safety_errors(source)  # again here: the row may have been edited by SQL
    if unsafe:
        raise SourceMisconfigured("; ".join(str(error) for error in unsafe.values()))
    password = os.environ.get(source.password_env or "", None) if source.password_env else None
    if password is None:
        raise SourceMisconfigured(
            f"environment variable {source.password_env or '(not named)'} holding the password is not set")
    context = ssl.create_default_context()
    secure = source.security == Source.Security.TLS
    client = IMAPClient(source.host, port=source.port or (993 if secure else 143), ssl=secure,
                        ssl_context=context if secure else None, timeout=IMAP_TIMEOUT)
    try:
        if source.security == Source.Security.STARTTLS:
            client.starttls(context)  # refuses to go on in the clear if the server cannot
        client.login(source.username, password)
    except BaseException:
        _close(client)
        raise
    return client


def _poll_imap(source: Source, report: PollReport) -> None:
    from imapclient import SEEN

    client = _connect(source)
    try:
        folder = client.select_folder(source.folder or "INBOX")
        uidvalidity = int(folder[b"UIDVALIDITY"])
        cursor = source.cursor or {}
        last_uid = int(cursor.get("last_uid", 0))
        if cursor.get("uidvalidity") != uidvalidity:
            # The mailbox was recreated: old UIDs mean nothing. Read it all again; the dedup
            # keys make what was already stored a no-op.
            if cursor:
                logger.info("%s: UIDVALIDITY changed %s -> %s, reading the folder again",
                            source.name, cursor.get("uidvalidity"), uidvalidity)
            last_uid = 0
        uids = sorted(uid for uid in client.search(["UID", f"{last_uid + 1}:*"]) if uid > last_uid)
        for start in range(0, len(uids), FETCH_BATCH):
            batch = uids[start:start + FETCH_BATCH]
            fetched = client.fetch(batch, ["BODY.PEEK[]"])
            raws = [(fetched[uid][b"BODY[]"], f"imap:{uidvalidity}:{uid}") for uid in batch
                    if fetched.get(uid, {}).get(b"BODY[]") is not None]  # else expunged meanwhile
            stored = inbound_store_many(source=source, messages=raws)  # committed on return
            report.fetched += len(raws)
            report.stored += sum(entry.is_new for entry in stored)
            # Only now that every raw row of the batch is committed.
            client.add_flags(batch, [SEEN], silent=True)
            source.cursor = {"uidvalidity": uidvalidity, "last_uid": batch[-1]}
            Source.objects.filter(pk=source.pk).update(cursor=source.cursor)
        if not uids and cursor.get("uidvalidity") != uidvalidity:
            source.cursor = {"uidvalidity": uidvalidity, "last_uid": 0}
            Source.objects.filter(pk=source.pk).update(cursor=source.cursor)
    finally:
        _close(client)


def _close(client) -> None:
    try:
        client.logout()
    except Exception:  # noqa: BLE001 - the connection may already be gone; nothing to save
        try:
            client.shutdown()
        except Exception:  # noqa: BLE001
            pass


# Maildir --------------------------------------------------------------------------------------

def maildir_path(source: Source) -> Path:
    path = Path(source.path or "")
    if not source.path:
        raise SourceMisconfigured("the Maildir source has no path")
    return path if path.is_absolute() else Path(settings.BASE_DIR) / path


def _poll_maildir(source: Source, report: PollReport) -> None:
    root = maildir_path(source)
    for sub in ("new", "cur", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    names = sorted(name for name in os.listdir(root / "new") if not name.startswith("."))
    for name in names:
        path = root / "new" / name
        try:
            raw = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            continue  # taken by another reader, or not a message
        report.fetched += 1
        stored = inbound_store(source=source, raw=raw, origin=f"maildir:{name}")
        report.stored += stored.is_new
        # Maildir's "seen": moved to cur/ with the S flag, after the row is committed.
        flagged = name if ":2," in name else f"{name}:2,S"
        os.replace(path, root / "cur" / flagged)



def sources_claim_due() -> list[int]:
    """The mail sources whose next poll is due, each claimed until its interval has passed so
    that beat's next tick does not queue it again while its poll is still waiting in the queue."""
    now = timezone.now()
    due = []
    for source_id, interval in Source.objects.filter(
        is_active=True, kind__in=POLLED_KINDS,
    ).filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)).values_list("pk", "poll_interval"):
        claimed = Source.objects.filter(pk=source_id).filter(
            Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now),
        ).update(next_poll_at=now + timedelta(seconds=max(interval, 5)))
        if claimed:
            due.append(source_id)
    return due
