"""`manage.py import_mail`: files, Maildir folders, mbox files; twice creates nothing new."""

import mailbox
import os
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from channels_intake.models import InboundMessage, InboundState, Source
from conftest import need_service
from orders.models import Lead, Order

from .conftest import SAMPLES
from .mails import website_mail


def _run(*args) -> str:
    out = StringIO()
    call_command("import_mail", *map(str, args), stdout=out)
    return out.getvalue()


def test_samples_twice_creates_nothing_new(worldwide, at_the_samples_morning):
    emails = sorted(SAMPLES.glob("*.eml"))
    first = _run(*emails)
    assert "order 4" in first and "lead 1" in first and "duplicate 1" in first, first
    counts = (InboundMessage.objects.count(), Order.objects.count(), Lead.objects.count())
    second = _run(*emails)
    assert f"duplicate {len(emails)}" in second
    assert (InboundMessage.objects.count(), Order.objects.count(), Lead.objects.count()) == counts
    assert counts == (5, 4, 1)


def test_maildir_and_mbox(tmp_path, brands):
    box = mailbox.Maildir(tmp_path / "box", create=True)
    box.add(website_mail(40001))
    box.add(website_mail(40002))
    mbox = mailbox.mbox(tmp_path / "archive.mbox", create=True)
    mbox.add(website_mail(40003))
    mbox.add(b"From: someone@example.com\nSubject: hello\n\nnot an order\n")
    mbox.flush()
    output = _run(tmp_path / "box", tmp_path / "archive.mbox", "--source", "import")
    # The mbox's "hello" was written by a person: an inquiry (issue 17), not ignored.
    assert "4 message(s): order 3, support 1" in output
    assert set(Order.objects.values_list("site_number", flat=True)) == {"40001", "40002", "40003"}
    assert len(os.listdir(tmp_path / "box" / "new")) == 2  # an import leaves the files alone


def test_unknown_source_or_path_cannot_run(tmp_path, db):
    with pytest.raises(CommandError):
        _run(tmp_path / "missing.eml")
    with pytest.raises(CommandError):
        _run(SAMPLES / "website_order_en.eml", "--source", "no-such-source")
    assert InboundMessage.objects.count() == 0


def test_named_source_is_used(brands):
    Source.objects.create(name="flowers-box", kind=Source.Kind.IMAP, brand=brands["flowers"])
    _run(SAMPLES / "website_order_en.eml", "--source", "flowers-box")
    assert InboundMessage.objects.get().source.name == "flowers-box"


def _cpython_email_corpus() -> Path | None:
    """CPython's own e-mail test messages: inside the interpreter (pyenv, python.org builds,
    the official images), or from Debian's libpython3.X-testsuite package, which `.ci/run`
    installs for a Debian interpreter (any version's corpus serves)."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [Path(sys.base_prefix) / "lib" / version / "test" / "test_email" / "data",
                  Path(os.path.dirname(os.__file__)) / "test" / "test_email" / "data",
                  Path("/usr/lib") / version / "test" / "test_email" / "data",
                  *sorted(Path("/usr/lib").glob("python3*/test/test_email/data"), reverse=True)]
    return next((candidate for candidate in candidates if candidate.is_dir()), None)


def test_cpython_email_corpus_no_crash_no_orders(brands, worldwide):
    corpus = _cpython_email_corpus()
    need_service("CPython's e-mail test corpus (test/test_email/data)", corpus is not None,
                 "on Debian: apt-get install libpython3.11-testsuite")
    files = [p for p in sorted(corpus.iterdir()) if p.is_file()]
    output = _run(*files)
    stored = InboundMessage.objects.all()
    assert stored.count() > 0
    assert not stored.filter(state=InboundState.RECEIVED).exists()
    assert set(stored.values_list("state", flat=True)) <= {
        InboundState.IGNORED, InboundState.REVIEW, InboundState.DUPLICATE, InboundState.SUPPORT}
    assert Order.objects.count() == 0 and Lead.objects.count() == 0
    assert f"{len(files)} message(s)" in output
