"""One e-mail must not eat the worker (issue #11, item 1): limits on the raw bytes before any
parsing, a time budget, the poison rule, and pages that never parse the raw bytes again."""

import base64
import email
import email.parser
from email.message import EmailMessage
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse

from channels_intake.email import mime
from channels_intake.email.limits import over_limits, shape
from channels_intake.email.mime import read_letter
from channels_intake.models import InboundMessage, InboundState
from channels_intake.services import inbound
from channels_intake.services.inbound import inbound_ingest, inbound_process_pending
from channels_intake.services.store import inbound_store

from .mails import website_mail


def _hostile_subject_mail(words: int = 20_000) -> bytes:
    """~1.8 MB: a Subject of `words` RFC 2047 encoded-words (quadratic for the stdlib parser)."""
    chunk = base64.b64encode("Պատվեր՝ զամբյուղ ծաղիկ, նվեր 2026".encode()).decode()
    subject = "\r\n ".join(f"=?utf-8?b?{chunk}?=" for _ in range(words))
    return (f"From: Someone <someone@example.com>\r\nTo: desk@rg.example\r\n"
            f"Subject: {subject}\r\nMessage-ID: <hostile@example.com>\r\n\r\nNew order\r\n").encode()


def test_import_mail_sends_20000_encoded_words_to_review_unread(tmp_path, db):
    raw = _hostile_subject_mail()
    assert len(raw) > 1_700_000
    path = tmp_path / "hostile.eml"
    path.write_bytes(raw)
    out = StringIO()
    call_command("import_mail", str(path), stdout=out)
    message = InboundMessage.objects.get()
    assert message.state == InboundState.REVIEW
    assert "subject has 20,000 encoded words; limit 200" in message.reason
    assert message.attempts == 1 and message.size == len(raw)
    assert message.body_text == ""  # not read
    assert message.headers_text.startswith("From: Someone <someone@example.com>")
    assert "review" in out.getvalue()


def _multipart(depth: int, parts: int) -> bytes:
    message = EmailMessage()
    message["Subject"], message["From"] = "nested", "x@example.com"
    message.set_content("top")
    inner = message
    for level in range(depth - 1):
        child = EmailMessage()
        child.set_content(f"level {level}")
        child.add_attachment(b"x", maintype="application", subtype="octet-stream")
        inner.add_attachment(child)  # message/rfc822 holding a multipart
        inner = child
    for index in range(parts):
        message.add_attachment(f"part {index}".encode(), maintype="application",
                               subtype="octet-stream", filename=f"p{index}.bin")
    return message.as_bytes()


def test_parts_and_nesting_are_counted_without_parsing():
    found = shape(_multipart(depth=4, parts=7))
    assert found.depth == 4
    # top: its text, the forwarded message, 7 attachments; the two outer forwarded levels hold a
    # text, an attachment and the next level; the innermost a text and an attachment
    assert found.parts == 9 + 3 + 3 + 2


@pytest.mark.parametrize("setting,value,raw,reason", [
    ("INTAKE_EMAIL_MAX_PARTS", 5, lambda: _multipart(depth=1, parts=10), "MIME parts; limit 5"),
    ("INTAKE_EMAIL_MAX_DEPTH", 3, lambda: _multipart(depth=5, parts=0), "nest 5 deep; limit 3"),
    ("INTAKE_EMAIL_MAX_HEADER_BYTES", 500,
     lambda: website_mail(1, message_id="<" + "x" * 600 + "@example.com>"), "header block"),
    ("INTAKE_EMAIL_MAX_ENCODED_WORDS", 3,
     lambda: _hostile_subject_mail(words=4), "subject has 4 encoded words; limit 3"),
])
def test_each_limit_refuses_with_its_reason(settings, setting, value, raw, reason):
    data = raw()
    assert over_limits(data) == ""  # within the defaults
    setattr(settings, setting, value)
    assert reason in over_limits(data)


def test_encoded_words_in_a_part_header_count_too(settings):
    words = " ".join(["=?utf-8?q?photo?="] * 5)
    raw = ("From: x@example.com\r\nSubject: photo\r\nMIME-Version: 1.0\r\n"
           'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
           "--b1\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
           f'--b1\r\nContent-Type: image/png\r\nContent-Disposition: attachment;\r\n filename="{words}"'
           "\r\n\r\nxxx\r\n--b1--\r\n").encode()
    settings.INTAKE_EMAIL_MAX_ENCODED_WORDS = 4
    assert "content-disposition has 5 encoded words; limit 4" in over_limits(raw)


def test_a_message_that_kills_its_worker_goes_to_review_after_the_attempts(mail_source, settings):
    settings.INTAKE_EMAIL_MAX_ATTEMPTS = 3
    stored = inbound_store(source=mail_source, raw=website_mail(90001))

    class Killed(BaseException):
        """What the kernel's OOM killer or the hard time limit looks like from inside."""

    with mock.patch.object(inbound, "interpret", side_effect=Killed):
        for attempt in (1, 2, 3):
            with pytest.raises(Killed):
                inbound_process_pending(source=mail_source)
            message = InboundMessage.objects.get(pk=stored.message.pk)
            # counted before the parse, though the parse never finished
            assert (message.state, message.attempts) == (InboundState.RECEIVED, attempt)
    with mock.patch.object(inbound, "interpret", side_effect=AssertionError("read again")):
        [message] = inbound_process_pending(source=mail_source)
    message.refresh_from_db()
    assert message.state == InboundState.REVIEW
    assert "could not be read: 3 attempts" in message.reason


def test_a_message_left_received_with_its_attempts_used_up_is_not_read_by_import(
        mail_source, settings, tmp_path):
    settings.INTAKE_EMAIL_MAX_ATTEMPTS = 3
    raw = website_mail(90002)
    stored = inbound_store(source=mail_source, raw=raw)
    InboundMessage.objects.filter(pk=stored.message.pk).update(attempts=3)
    path = tmp_path / "again.eml"
    path.write_bytes(raw)
    with mock.patch.object(inbound, "interpret", side_effect=AssertionError("read again")):
        call_command("import_mail", str(path), "--source", mail_source.name, stdout=StringIO())
    message = InboundMessage.objects.get(pk=stored.message.pk)
    assert message.state == InboundState.REVIEW and "could not be read" in message.reason
    assert message.attempts == 3


def test_a_neighbour_of_a_killer_is_not_poisoned(mail_source, brands, settings):
    """Messages processed in one chunk: a kill counts an attempt on all of them, but afterwards
    each is read alone, so only the killer uses up its attempts."""
    settings.INTAKE_EMAIL_MAX_ATTEMPTS = 2
    raws = [website_mail(90010 + n) for n in range(3)]
    killer = raws[1]
    real = inbound.interpret

    def reader(raw, **kwargs):
        if raw == killer:
            raise KeyboardInterrupt  # stands for a kill: nothing after it runs
        return real(raw, **kwargs)

    with mock.patch.object(inbound, "interpret", side_effect=reader):
        for _run in range(4):
            try:
                inbound_ingest(source=mail_source, messages=[(raw, "t") for raw in raws])
                break
            except KeyboardInterrupt:
                continue
    by_raw = {bytes(message.raw): message for message in InboundMessage.objects.all()}
    assert by_raw[killer].state == InboundState.REVIEW and "could not be read" in by_raw[killer].reason
    for raw in (raws[0], raws[2]):
        assert by_raw[raw].state == InboundState.ORDER, by_raw[raw].reason


def test_a_parse_over_its_time_budget_goes_to_review(mail_source, settings):
    settings.INTAKE_EMAIL_PARSE_SECONDS = 0.05

    def forever(raw, **kwargs):
        while True:
            pass

    with mock.patch.object(inbound, "interpret", side_effect=forever):
        [stored] = inbound_ingest(source=mail_source, messages=[(website_mail(90003), "t")])
    assert stored.message.state == InboundState.REVIEW
    assert "took longer than 0.05 s" in stored.message.reason


def test_the_admin_shows_a_big_message_without_parsing_it(admin_client, mail_source, brands):
    message = EmailMessage()
    message["Subject"], message["From"] = "Fwd: order", "Mariam <m@rg.example>"
    message.set_content("Please take this one.\n" + "Notes line.\n" * 2_000)
    message.add_attachment(email.message_from_bytes(website_mail(90004)))
    message.add_attachment(bytes(400_000), maintype="image", subtype="png", filename="photo.png")
    raw = message.as_bytes()
    assert len(raw) > 365_000
    [stored] = inbound_ingest(source=mail_source, messages=[(raw, "t")])
    url = reverse("admin:channels_intake_inboundmessage_change", args=[stored.message.pk])
    refused = AssertionError("the raw message was parsed")
    with mock.patch("email.message_from_bytes", side_effect=refused), \
            mock.patch.object(email.parser.BytesParser, "parsebytes", side_effect=refused), \
            mock.patch.object(email.parser.BytesParser, "parse", side_effect=refused):
        response = admin_client.get(url)
        with pytest.raises(AssertionError, match="was parsed"):
            read_letter(raw)  # the patch is where the reader goes
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please take this one." in page and "Red roses, 25 stems" in page
    assert "Subject: Fwd: order" in page


@pytest.mark.parametrize("setting,value,reason", [
    ("INTAKE_EMAIL_MAX_BYTES", 1_000_000, "over the limit of 1.0 MB"),
    # Within the total size (as 24 MB was within 25 MiB), over the header block's limit.
    ("INTAKE_EMAIL_MAX_HEADER_BYTES", 100_000, "the header block is"),
])
def test_an_oversized_message_never_reaches_the_header_parser(mail_source, settings, setting,
                                                               value, reason):
    """Issue 17: a 24 MB message of one folded Subject cost 823 MB in the header parser before
    the size check sent it to review. The size comes first, in the door's every step."""
    setattr(settings, setting, value)
    subject = "\r\n ".join(["order of a very long subject line"] * 40_000)
    raw = (f"From: Someone <someone@example.com>\r\nTo: desk@rg.example\r\nSubject: {subject}\r\n"
           "Message-ID: <folded@example.com>\r\n\r\nNew order\r\n").encode()
    assert len(raw) > 1_400_000
    real, sizes = email.parser.BytesParser.parsebytes, []

    def spy(self, text, headersonly=False):
        sizes.append(len(text))
        return real(self, text, headersonly)

    with mock.patch.object(email.parser.BytesParser, "parsebytes", spy):
        [stored] = inbound_ingest(source=mail_source, messages=[(raw, "t")])
    message = stored.message
    assert message.state == InboundState.REVIEW and reason in message.reason
    assert message.dedup_key.startswith("sha256:") and message.subject == ""  # stored unparsed
    # Only the bounded lines a person reads of the header block were ever parsed.
    assert max(sizes) <= mime.HEADERS_CHARS * 2
    assert message.headers_text.startswith("From: Someone <someone@example.com>")
