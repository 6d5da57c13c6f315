"""`manage.py import_mail PATH... [--source NAME]`: .eml files, Maildir folders and mbox files
through the same pipeline as the poller. Importing the same files again creates nothing new."""

from __future__ import annotations

import mailbox
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from channels_intake.email import Readers
from channels_intake.models import Source
from channels_intake.services.inbound import inbound_ingest

DEFAULT_SOURCE = "import"


def mail_files(path: Path) -> list[tuple[bytes, str]]:
    """(raw bytes, origin) of every message under `path`: a Maildir (new/ and cur/), an mbox,
    a folder of message files, or one message file."""
    if path.is_dir():
        if (path / "cur").is_dir() or (path / "new").is_dir():
            return [(p.read_bytes(), f"file:{p}") for sub in ("new", "cur") if (path / sub).is_dir()
                    for p in sorted((path / sub).iterdir()) if p.is_file() and not p.name.startswith(".")]
        found = []
        for child in sorted(path.iterdir()):
            if not child.name.startswith("."):
                found += mail_files(child)
        return found
    if not path.is_file():
        raise CommandError(f"{path}: no such file or folder")
    with path.open("rb") as handle:
        if handle.read(5) == b"From ":
            return [(message.as_bytes(), f"mbox:{path}#{index}")
                    for index, message in enumerate(mailbox.mbox(path, create=False))]
    return [(path.read_bytes(), f"file:{path}")]


class Command(BaseCommand):
    help = "Import .eml files, Maildir folders or mbox files through the e-mail intake."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--source", default=DEFAULT_SOURCE,
                            help="Name of the source the messages are filed under "
                                 f"(default: {DEFAULT_SOURCE!r}, created when missing).")

    def handle(self, *args, paths, source, **options):
        if source == DEFAULT_SOURCE:
            target, _ = Source.objects.get_or_create(name=DEFAULT_SOURCE,
                                                     defaults={"kind": Source.Kind.MANUAL})
        else:
            target = Source.objects.select_related("brand").filter(name=source).first()
            if target is None:
                raise CommandError(f"no source named {source!r}")
        messages = []
        for path in paths:
            messages += mail_files(path)
        counts = Counter()
        stored = inbound_ingest(source=target, messages=messages, readers=Readers.load())
        for (_raw, origin), entry in zip(messages, stored, strict=True):
            message = entry.message
            outcome = message.state if entry.is_new else "duplicate"
            counts[outcome] += 1
            detail = message.reason if entry.is_new else f"already stored as message {message.pk}"
            link = message.order.number if entry.is_new and message.order_id else ""
            self.stdout.write(f"{outcome:<9} {origin}  {link} {detail}".rstrip())
        summary = ", ".join(f"{state} {count}" for state, count in sorted(counts.items()))
        self.stdout.write(f"{len(messages)} message(s): {summary or 'none'}")
