import json
import os
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

# The intake samples (docs/intake-formats.md); a copy ships with the tests for a
# checkout without the shared folder.
_SHARED = Path(__file__).resolve().parents[4] / "shared" / "intake" / "samples"
SAMPLES = Path(os.environ.get("RG_INTAKE_SAMPLES", "")) if os.environ.get("RG_INTAKE_SAMPLES") \
    else _SHARED if (_SHARED / "expected.json").is_file() else Path(__file__).parent / "samples"


def samples_morning() -> datetime:
    """09:00 in Yerevan two days before the samples' first delivery date: the morning they
    were written for. Their dates are the spec's own, so a test that reads them as they are
    runs on that morning (`at_the_samples_morning`), not on a today that moves on."""
    expected = json.loads((SAMPLES / "expected.json").read_text())
    first = min(date.fromisoformat(want["delivery_date"]) for want in expected.values()
                if want.get("delivery_date"))
    return datetime.combine(first - timedelta(days=2), time(9), tzinfo=ZoneInfo("Asia/Yerevan"))


@pytest.fixture
def at_the_samples_morning():
    with time_machine.travel(samples_morning(), tick=True):
        yield


@pytest.fixture
def brands(db):
    from channels_intake.demo import demo_storefront_senders
    from orders.tests.factories import BrandFactory

    made = {code: BrandFactory(code=code) for code in ("flowers", "sweets", "gifts")}
    demo_storefront_senders()  # the senders the samples use, and forwards from rg.example
    return made


@pytest.fixture
def worldwide(brands):
    from channels_intake.tests.factories import PartnerFactory

    return PartnerFactory(code="worldwide", name="Worldwide Flowers Relay", brand=brands["flowers"])


@pytest.fixture
def mail_source(db):
    from channels_intake.tests.factories import SourceFactory

    return SourceFactory(name="desk-mailbox")


def _dovecot(*, tls: bool = False):
    from conftest import need_service

    from .dovecot import Dovecot, available

    need_service("Dovecot", available(), "install dovecot-imapd (run as root)")
    server = Dovecot(tls=tls)
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def dovecot():
    yield from _dovecot()


@pytest.fixture
def dovecot_tls():
    """The same server speaking STARTTLS and IMAPS with a certificate made for the run."""
    yield from _dovecot(tls=True)


@pytest.fixture
def imap_source(dovecot, brands, monkeypatch, settings):
    from channels_intake.models import Source
    from channels_intake.tests.factories import SourceFactory

    from .dovecot import PASSWORD, USER

    monkeypatch.setenv("RG_SOURCE_SECRET_TEST_IMAP", PASSWORD)
    settings.INTAKE_IMAP_ALLOW_PLAINTEXT = True  # the test Dovecot speaks plain IMAP on 127.0.0.1
    return SourceFactory(name="imap-desk", kind=Source.Kind.IMAP, host="127.0.0.1",
                         port=dovecot.port, security=Source.Security.NONE, username=USER,
                         password_env="RG_SOURCE_SECRET_TEST_IMAP", poll_interval=60)
