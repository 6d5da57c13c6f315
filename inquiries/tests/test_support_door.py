"""The support mailbox's mail goes through the order door (issue 17, item 1): the same raw-byte
limits before any parser, the same MIME reader under the same budget, the same attempts and
poison rule, the same states. Polled from a real Maildir, read by the real support reader."""

import base64
import tracemalloc
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from unittest import mock

import pytest

from channels_intake.email.limits import header_block
from channels_intake.models import InboundMessage, InboundState, Source
from channels_intake.services import polling
from channels_intake.tests.factories import SourceFactory
from inquiries import mail
from inquiries.models import Inquiry

pytestmark = pytest.mark.django_db


@pytest.fixture
def support_maildir(tmp_path):
    return SourceFactory(name="support-maildir", kind=Source.Kind.MAILDIR,
                         path=str(tmp_path / "support"), purpose="support")


def _drop(source: Source, name: str, raw: bytes) -> None:
    new = Path(source.path) / "new"
    new.mkdir(parents=True, exist_ok=True)
    (new / name).write_bytes(raw)


def _reply(*, subject: str = "Re: peonies", body: str = "Pink ones, please.",
           message_id: str = "<r1@example.am>") -> bytes:
    mail_ = EmailMessage()
    mail_["From"], mail_["To"] = "Ani <ani@example.am>", "support@rg.example"
    mail_["Subject"], mail_["Message-ID"] = subject, message_id
    mail_.set_content(body)
    return bytes(mail_)


def _encoded_subject_reply(words: int) -> bytes:
    chunk = base64.b64encode("Պատվեր՝ զամբյուղ ծաղիկ, նվեր 2026".encode()).decode()
    subject = "\r\n ".join(f"=?utf-8?b?{chunk}?=" for _ in range(words))
    return (f"From: Ani <ani@example.am>\r\nTo: support@rg.example\r\nSubject: {subject}\r\n"
            "Message-ID: <many-words@example.am>\r\n\r\nWhere is my order?\r\n").encode()


def _parsed_sizes():
    """Every input the standard library's parser is given, by its length."""
    real, sizes = BytesParser.parsebytes, []

    def spy(self, text, headersonly=False):
        sizes.append(len(text))
        return real(self, text, headersonly)

    return mock.patch.object(BytesParser, "parsebytes", spy), sizes


def test_a_reply_is_read_by_the_door_and_threads_as_before(support_maildir):
    _drop(support_maildir, "r1.eml", _reply())
    report = polling.source_poll(source_id=support_maildir.pk)
    message = InboundMessage.objects.get()
    inquiry = Inquiry.objects.get()
    assert report.states == {InboundState.SUPPORT: 1}
    assert (message.state, message.attempts, message.reason) == (
        InboundState.SUPPORT, 1, str(inquiry))
    assert inquiry.email == "ani@example.am" and inquiry.topic == "Re: peonies"
    assert inquiry.messages.get().message_id == "<r1@example.am>"
    # What a person reads beside it, as for an order's message.
    assert "Pink ones, please." in message.body_text
    assert "Subject: Re: peonies" in message.headers_text


def test_thousands_of_encoded_words_go_to_review_unread_and_cheaply(support_maildir):
    raw = _encoded_subject_reply(words=2_000)
    _drop(support_maildir, "words.eml", raw)
    patch, sizes = _parsed_sizes()
    tracemalloc.start()
    try:
        with patch:
            polling.source_poll(source_id=support_maildir.pk)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = InboundMessage.objects.get()
    assert message.state == InboundState.REVIEW
    assert "subject has 2,000 encoded words; limit 200" in message.reason
    assert not Inquiry.objects.exists() and message.body_text == ""
    # Only the header block was ever parsed (the row's fields and the lines a person reads),
    # never the message as a whole by the support reader.
    assert sizes and max(sizes) <= len(header_block(raw))
    # The support reader's own parse of these 2,000 words took over 130 MB.
    assert peak < 30 * 2**20, f"{peak / 2**20:.0f} MB"


def test_an_oversized_reply_is_kept_and_not_parsed(support_maildir, settings):
    settings.INTAKE_EMAIL_MAX_BYTES = 50_000
    raw = _reply(body="Pink ones, please.\n" + "A long story.\n" * 10_000)
    assert len(raw) > 100_000
    _drop(support_maildir, "big.eml", raw)
    patch, sizes = _parsed_sizes()
    with patch:
        polling.source_poll(source_id=support_maildir.pk)
    message = InboundMessage.objects.get()
    assert message.state == InboundState.REVIEW and "over the limit" in message.reason
    assert message.size == len(raw) and bytes(message.raw) == raw
    assert not Inquiry.objects.exists()
    # The size came first: no parser saw more than the lines a person reads of its header.
    assert max(sizes) <= len(header_block(raw))


def test_a_reply_whose_reading_fails_goes_to_a_person_after_its_attempts(support_maildir,
                                                                         settings, monkeypatch):
    settings.INTAKE_EMAIL_MAX_ATTEMPTS = 3
    calls = []

    def broken(**kwargs):
        calls.append(kwargs["message_id"])
        raise RuntimeError("the inquiry could not be written")

    monkeypatch.setattr(mail, "inquiry_mail_receive", broken)
    _drop(support_maildir, "r1.eml", _reply())
    for attempt in (1, 2):
        polling.source_poll(source_id=support_maildir.pk)
        message = InboundMessage.objects.get()
        assert (message.state, message.attempts) == (InboundState.RECEIVED, attempt)
        assert "tried again at the next poll" in message.reason
    polling.source_poll(source_id=support_maildir.pk)
    message.refresh_from_db()
    assert message.state == InboundState.REVIEW  # in the review queue, for a person
    assert "could not be read: 3 attempts" in message.reason
    assert "the inquiry could not be written" in message.reason
    # Never read again at every poll.
    polling.source_poll(source_id=support_maildir.pk)
    assert calls == ["<r1@example.am>"] * 3
    message.refresh_from_db()
    assert (message.state, message.attempts) == (InboundState.REVIEW, 3)


def test_a_support_reply_read_again_from_review_stays_a_support_reply(support_maildir, settings):
    """The admin's "read again" takes the same door: a reply in review never becomes an order."""
    from channels_intake.services.inbound import inbound_reprocess

    settings.INTAKE_EMAIL_MAX_BYTES = 100
    _drop(support_maildir, "r1.eml", _reply())
    polling.source_poll(source_id=support_maildir.pk)
    message = InboundMessage.objects.get()
    assert message.state == InboundState.REVIEW
    settings.INTAKE_EMAIL_MAX_BYTES = 25 * 2**20
    again = inbound_reprocess(message_id=message.pk)
    assert again.state == InboundState.SUPPORT and again.reason == str(Inquiry.objects.get())
