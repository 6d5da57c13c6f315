"""The support mailbox through a real IMAP server (Dovecot): a customer's e-mail reply lands in
the right inquiry's thread (In-Reply-To, else the subject's token, never the subject's text),
and a new mail opens a product question. The reply itself carries the threading headers to a
real SMTP server."""

from email.message import EmailMessage

import pytest

from channels_intake.models import InboundMessage, InboundState, Source
from channels_intake.services import polling
from channels_intake.tests.email.conftest import dovecot  # noqa: F401 - the fixture
from channels_intake.tests.factories import SourceFactory
from core import outbox
from core.models import OutboxMessage
from inquiries.models import Inquiry, InquiryState, Tab
from inquiries.services import inquiry_open, inquiry_reply, subject_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def support_source(dovecot, monkeypatch, settings):  # noqa: F811
    from channels_intake.tests.email.dovecot import PASSWORD, USER

    monkeypatch.setenv("RG_SOURCE_SECRET_SUPPORT", PASSWORD)
    settings.INTAKE_IMAP_ALLOW_PLAINTEXT = True
    return SourceFactory(name="support", kind=Source.Kind.IMAP, host="127.0.0.1",
                         port=dovecot.port, security=Source.Security.NONE, username=USER,
                         password_env="RG_SOURCE_SECRET_SUPPORT", purpose="support")


def _mail(*, sender, subject, body, message_id, in_reply_to=""):
    mail = EmailMessage()
    mail["From"], mail["To"] = sender, "support@rg.example"
    mail["Subject"], mail["Message-ID"] = subject, message_id
    if in_reply_to:
        mail["In-Reply-To"] = mail["References"] = in_reply_to
    mail.set_content(body)
    return bytes(mail)


def test_an_email_reply_threads_into_the_right_inquiry(dovecot, support_source, smtp,  # noqa: F811
                                                       operator_user,
                                                       django_capture_on_commit_callbacks):
    other = inquiry_open(tab="product", channel="email", text="Lilies?", email="ani@example.am",
                         topic="Do you have peonies?")
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = inquiry_open(tab="product", channel="email", text="Peonies?",
                               email="ani@example.am", topic="Do you have peonies?",
                               message_id="<q1@example.am>")
        reply = inquiry_reply(inquiry_id=inquiry.pk, text="Yes, from May.", actor=operator_user)
    sent = OutboxMessage.objects.get(kind="inquiry_reply")
    assert sent.state == "sent"
    [received] = smtp.sink.to("ani@example.am")
    assert subject_tag(inquiry) in received["Subject"]
    assert received["In-Reply-To"] == "<q1@example.am>"
    assert received["Message-ID"] == outbox.message_id_header(sent) == reply.message_id

    dovecot.deliver(
        # The customer's client answers our message: In-Reply-To names it.
        _mail(sender="Ani <ani@example.am>", subject=received["Subject"].replace(
            subject_tag(inquiry), ""), body="Great, I will order.\n\n> Yes, from May.",
              message_id="<r1@example.am>", in_reply_to=reply.message_id),
        # A client that drops the headers keeps the token in the subject.
        _mail(sender="ani@example.am", subject=f"Re: {subject_tag(inquiry)}", body="And roses?",
              message_id="<r2@example.am>"),
        # The same subject text, no headers, no token: a new question, never threaded.
        _mail(sender="ani@example.am", subject="Do you have peonies?", body="Pink ones?",
              message_id="<r3@example.am>"),
    )
    report = polling.source_poll(source_id=support_source.pk)
    assert report.error == "" and report.stored == 3

    inquiry.refresh_from_db()
    texts = list(inquiry.messages.values_list("direction", "text"))
    assert texts == [("in", "Peonies?"), ("out", "Yes, from May."),
                     ("in", "Great, I will order."), ("in", "And roses?")]
    assert inquiry.state == InquiryState.OPEN and inquiry.due_at is not None
    assert other.messages.count() == 1
    new = Inquiry.objects.exclude(pk__in=[inquiry.pk, other.pk]).get()
    assert new.tab == Tab.PRODUCT and new.email == "ani@example.am"
    assert set(InboundMessage.objects.values_list("state", flat=True)) == {InboundState.SUPPORT}
    # Polled again: nothing doubles.
    assert polling.source_poll(source_id=support_source.pk).fetched == 0
    assert inquiry.messages.count() == 4
