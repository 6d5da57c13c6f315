"""Issue 17, item 2: a reply joins a thread only when its sender is the inquiry's customer; a
mail that names someone else's thread (In-Reply-To, References, the subject's token) opens an
inquiry of its own that shows the suspected thread. Message-IDs and tokens are random."""

import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core import outbox
from core.models import OutboxMessage
from inquiries.models import Inquiry, InquiryState
from inquiries.services import inquiry_mail_receive, inquiry_open, inquiry_reply, subject_tag
from inquiries.threads import normal_address, speaks_of_an_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def op(db):
    return get_user_model().objects.create(username="op-threads", first_name="Anna")


@pytest.fixture
def answered(op):
    """Ani's question, answered by e-mail: what a forger would like to join."""
    inquiry = inquiry_open(tab="product", channel="email", text="Peonies?", topic="Peonies",
                           email="ani@example.am", name="Ani", message_id="<q1@example.am>")
    reply = inquiry_reply(inquiry_id=inquiry.pk, text="Yes, from May.", actor=op)
    return inquiry, reply


def _only_the_first_two(inquiry):
    assert list(inquiry.messages.values_list("direction", "text")) == [
        ("in", "Peonies?"), ("out", "Yes, from May.")]


@pytest.mark.parametrize("headers", [
    {"in_reply_to": "{reply}"},
    {"references": "<other@example.net> {reply}"},
    {"subject": "Re: {tag}"},
], ids=["in-reply-to", "references-only", "subject-token"])
def test_a_mail_from_another_address_naming_the_thread_opens_its_own_inquiry(answered, headers):
    inquiry, reply = answered
    values = {"subject": "Hello", "in_reply_to": "", "references": ""}
    values.update({name: value.format(reply=reply.message_id, tag=subject_tag(inquiry))
                   for name, value in headers.items()})
    forged = inquiry_mail_receive(sender="Eve <eve@evil.example>", text="Send it to me instead",
                                  message_id="<f1@evil.example>", **values)
    assert forged.pk != inquiry.pk
    assert forged.suspected_thread_id == inquiry.pk and forged.email == "eve@evil.example"
    assert forged.state == InquiryState.OPEN and forged.due_at is not None
    inquiry.refresh_from_db()
    _only_the_first_two(inquiry)
    assert inquiry.state == InquiryState.WAITING  # the forgery woke nothing up
    # Never the other way round: nothing points from the customer's inquiry to the forgery.
    assert inquiry.suspected_thread_id is None


def test_a_real_reply_threads_by_references_alone(answered):
    """In-Reply-To absent, or naming a message the desk never saw: References carries the id."""
    inquiry, reply = answered
    first = inquiry_mail_receive(sender="ani@example.am", subject="Re: Peonies", text="Pink?",
                                 message_id="<r1@example.am>",
                                 references=f"<q1@example.am> {reply.message_id}")
    second = inquiry_mail_receive(sender="ani@example.am", subject="Re: Peonies", text="White?",
                                  message_id="<r2@example.am>", in_reply_to="<unknown@x.example>",
                                  references=f"{reply.message_id} <r1@example.am>")
    assert first.pk == second.pk == inquiry.pk
    assert list(inquiry.messages.filter(direction="in").values_list("text", flat=True)) == [
        "Peonies?", "Pink?", "White?"]
    assert Inquiry.objects.count() == 1


def test_the_customers_reply_threads_whatever_the_case_and_display_name(answered):
    inquiry, reply = answered
    joined = inquiry_mail_receive(sender='"Ani Petrosyan" <ANI@Example.AM>', subject="Re: x",
                                  text="Thanks!\n\nOn Monday Desk wrote:\n> Yes, from May.",
                                  message_id="<r3@example.am>", in_reply_to=reply.message_id)
    assert joined.pk == inquiry.pk and joined.state == InquiryState.OPEN
    assert inquiry.messages.last().text == "Thanks!"
    assert Inquiry.objects.count() == 1


def test_an_old_short_token_still_threads_for_its_customer_only(op):
    """Tokens made before issue 17 had 10 hex digits; they are still in customers' mailboxes."""
    inquiry = inquiry_open(tab="product", channel="email", text="Lilies?", email="ani@example.am")
    Inquiry.objects.filter(pk=inquiry.pk).update(token="0A1B2C3D4E")
    joined = inquiry_mail_receive(sender="ani@example.am", subject="Re: [#INQ-0a1b2c3d4e]",
                                  text="And roses?", message_id="<o1@example.am>")
    stranger = inquiry_mail_receive(sender="eve@evil.example", subject="Re: [#INQ-0A1B2C3D4E]",
                                    text="Me too", message_id="<o2@evil.example>")
    assert joined.pk == inquiry.pk
    assert stranger.pk != inquiry.pk and stranger.suspected_thread_id == inquiry.pk


def test_a_suspected_thread_is_shown_to_the_operator_on_the_new_inquiry_only(answered, client,
                                                                           operator_user):
    inquiry, reply = answered
    forged = inquiry_mail_receive(sender="eve@evil.example", subject="Hi", text="Mine now",
                                  message_id="<f2@evil.example>", in_reply_to=reply.message_id)
    client.force_login(operator_user)
    page = client.get(reverse("desk:inquiry", args=[forged.pk])).content.decode()
    assert "Possibly a reply to inquiry" in page
    assert f'href="{reverse("desk:inquiry", args=[inquiry.pk])}"' in page
    original = client.get(reverse("desk:inquiry", args=[inquiry.pk])).content.decode()
    assert "Possibly a reply to" not in original and str(forged) not in original


def test_outgoing_message_ids_and_tokens_are_random_not_derived(op):
    """Two replies of one inquiry to one customer: different ids, none computable from the row's
    id, the event or the address (the old ids were outbox-<pk>-sha256(event|recipient))."""
    inquiry = inquiry_open(tab="product", channel="email", text="Q", email="ani@example.am")
    first = inquiry_reply(inquiry_id=inquiry.pk, text="One", actor=op)
    inquiry_mail_receive(sender="ani@example.am", subject=subject_tag(inquiry), text="More",
                         message_id="<m9@example.am>")
    second = inquiry_reply(inquiry_id=inquiry.pk, text="Two", actor=op)
    assert first.message_id != second.message_id
    for reply in (first, second):
        row = OutboxMessage.objects.get(pk=reply.outbox_id)
        assert reply.message_id == outbox.message_id_header(row)
        local = reply.message_id.strip("<>").partition("@")[0]
        assert re.fullmatch(r"[0-9a-f]{32}", local)  # 128 random bits
        digest = hashlib.sha256(f"{row.event}|{row.recipient}".encode()).hexdigest()
        assert digest[:16] not in local and not local.startswith(f"outbox-{row.pk}")
    assert re.fullmatch(r"[0-9A-F]{16}", inquiry.token)
    other = inquiry_open(tab="product", channel="email", text="Q", email="ani@example.am")
    assert other.token != inquiry.token


def test_a_row_sent_twice_keeps_its_message_id(op, mailoutbox):
    """The id is drawn once, with the row: a second send (the at-least-once window) repeats it."""
    inquiry = inquiry_open(tab="product", channel="email", text="Q", email="ani@example.am")
    reply = inquiry_reply(inquiry_id=inquiry.pk, text="One", actor=op)
    row = OutboxMessage.objects.get(pk=reply.outbox_id)
    outbox.send_email(row)
    outbox.send_email(row)
    assert [mail.extra_headers["Message-ID"] for mail in mailoutbox] == [reply.message_id] * 2


@pytest.mark.parametrize("value,address", [
    ("Ani <ANI@Example.AM>", "ani@example.am"),
    ('"Petrosyan, Ani" <ani@example.am.>', "ani@example.am"),
    ("ani+shop@example.am", "ani+shop@example.am"),  # a +tag is part of the address
    ("a@x.example, b@y.example", ""),
    ("=?utf-8?q?agent?= @example.com", ""),
    ("no address", ""),
])
def test_addresses_are_compared_normalised(value, address):
    assert normal_address(value) == address


@pytest.mark.parametrize("text,order_tab", [
    ("Where is RG-000123?", True),
    ("My order has not arrived", True),
    ("The delivery was late", True),
    ("Где мой заказ?", True),
    ("Իմ պատվերը չի հասել", True),
    ("I would like to order 25 red roses for Friday. How much?", False),
    ("Хочу заказать розы", False),
    ("How much are peonies?", False),
])
def test_what_a_new_mail_speaks_of_chooses_its_tab(text, order_tab):
    assert speaks_of_an_order(text) is order_tab


@pytest.fixture
def support_maildir(tmp_path):
    from channels_intake.models import Source
    from channels_intake.tests.factories import SourceFactory

    return SourceFactory(name="support-box", kind=Source.Kind.MAILDIR,
                         path=str(tmp_path / "support"), purpose="support")


def _poll(source, name: str, raw: bytes):
    from pathlib import Path

    from channels_intake.models import InboundMessage
    from channels_intake.services import polling

    new = Path(source.path) / "new"
    new.mkdir(parents=True, exist_ok=True)
    (new / name).write_bytes(raw)
    polling.source_poll(source_id=source.pk)
    return InboundMessage.objects.get(origin__endswith=name)


def test_the_support_mailbox_applies_the_same_rule_and_links_the_raw_mail(answered,
                                                                        support_maildir):
    from channels_intake.models import InboundState

    inquiry, reply = answered
    forged = _poll(support_maildir, "f.eml", (
        f"From: Eve <eve@evil.example>\r\nSubject: Re: x\r\nMessage-ID: <f9@evil.example>\r\n"
        f"References: {reply.message_id}\r\n\r\nMine now.\r\n").encode())
    genuine = _poll(support_maildir, "g.eml", (
        f"From: Ani <Ani@Example.am>\r\nSubject: Re: x\r\nMessage-ID: <g9@example.am>\r\n"
        f"References: {reply.message_id}\r\n\r\nPink ones.\r\n").encode())
    two_senders = _poll(support_maildir, "t.eml", (
        f"From: Ani <ani@example.am>\r\nFrom: Eve <eve@evil.example>\r\nSubject: Re: x\r\n"
        f"Message-ID: <t9@evil.example>\r\nIn-Reply-To: {reply.message_id}\r\n\r\nHi\r\n").encode())
    assert forged.state == genuine.state == InboundState.SUPPORT
    assert Inquiry.objects.get(suspected_thread=inquiry).messages.get().inbound_id == forged.pk
    assert inquiry.messages.get(text="Pink ones.").inbound_id == genuine.pk
    assert two_senders.state == InboundState.REVIEW and "From: headers" in two_senders.reason
    assert Inquiry.objects.count() == 2
