"""Issue 17, item 6: a person's message is never ignored. In the order mailbox, a message a person
wrote that is not an order opens an inquiry (order or product questions, by what it speaks of)
with the raw message beside it; only automatic mail (by its headers) is ignored; a sender that
cannot be told (two From: headers, an encoded word inside the address) waits in review."""

import uuid
from email.message import EmailMessage

import pytest
from django.urls import reverse

from channels_intake.models import InboundState
from channels_intake.services.inbound import inbound_ingest
from inquiries.models import Inquiry, InquiryMessage, Tab
from inquiries.services import inquiry_open, inquiry_reply
from orders.models import Order
from orders.tests.factories import OrderFactory


def _mail(*, subject, body, sender="Ani Petrosyan <ani@example.am>", **headers) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, "orders@rg.example", subject
    message["Message-ID"] = f"<{uuid.uuid4().hex}@example.am>"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes()


def _one(source, raw):
    [stored] = inbound_ingest(source=source, messages=[(raw, "test")])
    stored.message.refresh_from_db()
    return stored.message


def _inquiry_of(message) -> Inquiry:
    return InquiryMessage.objects.select_related("inquiry").get(inbound=message).inquiry


def test_a_complaint_about_an_order_opens_an_order_question_linked_to_it(mail_source):
    order = OrderFactory(customer__email="ani@example.am")
    message = _one(mail_source, _mail(
        subject="Wilted flowers", body=f"Hello, the roses of {order.number} arrived wilted.\n"
                                       "I want my money back."))
    assert message.state == InboundState.SUPPORT, message.reason
    assert "inquiries" in message.reason
    inquiry = _inquiry_of(message)
    assert inquiry.tab == Tab.ORDER and inquiry.order_id == order.pk
    assert inquiry.email == "ani@example.am" and inquiry.name == "Ani Petrosyan"
    assert inquiry.topic == "Wilted flowers" and "arrived wilted" in inquiry.messages.get().text
    assert inquiry.due_at is not None  # on the reply clock
    assert Order.objects.count() == 1  # no order made of it


@pytest.mark.parametrize("subject,body", [
    ("Price of peonies", "How much are 15 pink peonies? Do you have them in December?"),
    ("Roses for Friday", "I would like to order 25 red roses for my mother on Friday. "
                         "Can I pay by card?"),
    # Order words in the subject, but a letter, not a form: a customer about to order.
    ("Order for Friday?", "Hi! I'm about to order a bouquet, is it possible to add a card?"),
], ids=["price-request", "about-to-order", "order-subject-prose"])
def test_a_question_before_buying_opens_a_product_question(mail_source, subject, body):
    message = _one(mail_source, _mail(subject=subject, body=body))
    assert message.state == InboundState.SUPPORT, message.reason
    inquiry = _inquiry_of(message)
    assert inquiry.tab == Tab.PRODUCT and inquiry.order_id is None
    assert inquiry.messages.get().text == body


def test_the_inquiry_shows_the_raw_message_and_the_message_its_inquiry(mail_source, client,
                                                                       operator_user):
    message = _one(mail_source, _mail(subject="Price of tulips", body="How much are tulips?"))
    inquiry = _inquiry_of(message)
    client.force_login(operator_user)
    page = client.get(reverse("desk:inquiry", args=[inquiry.pk])).content.decode()
    assert f'href="{reverse("desk:review_item", args=[message.pk])}"' in page
    raw = client.get(reverse("desk:review_item", args=[message.pk])).content.decode()
    assert "How much are tulips?" in raw
    assert f'href="{reverse("desk:inquiry", args=[inquiry.pk])}"' in raw


def test_the_customers_reply_to_the_order_mailbox_joins_the_thread(mail_source, operator_user):
    inquiry = inquiry_open(tab="product", channel="email", text="Peonies?",
                           email="ani@example.am", message_id="<q1@example.am>")
    reply = inquiry_reply(inquiry_id=inquiry.pk, text="Yes, from May.", actor=operator_user)
    message = _one(mail_source, _mail(subject="Re: Your question", body="Great, thanks!",
                                      In_Reply_To=reply.message_id, References=reply.message_id))
    assert message.state == InboundState.SUPPORT
    assert _inquiry_of(message).pk == inquiry.pk and Inquiry.objects.count() == 1


@pytest.mark.parametrize("headers,reason", [
    ({"List-Unsubscribe": "<mailto:unsub@shop.example>"}, "newsletter"),
    ({"List-Id": "<news.shop.example>"}, "newsletter"),
    ({"Precedence": "bulk"}, "newsletter"),
    ({"Auto-Submitted": "auto-replied"}, "automatic reply"),
    ({"X-Autoreply": "yes"}, "automatic reply"),
    ({"Return-Path": "<>"}, "bounce"),
], ids=["list-unsubscribe", "list-id", "precedence", "auto-submitted", "x-autoreply",
        "null-return-path"])
def test_automatic_mail_is_ignored_with_the_reason(mail_source, headers, reason):
    message = _one(mail_source, _mail(subject="How much are peonies?",
                                      body="A question-like text in automatic mail.", **headers))
    assert message.state == InboundState.IGNORED and reason in message.reason
    assert not Inquiry.objects.exists()


def test_a_delivery_report_is_ignored_as_a_bounce(mail_source):
    raw = (b"From: Mail Delivery System <mailer@mx.example>\r\n"
           b"To: orders@rg.example\r\nSubject: Your order question\r\n"
           b"MIME-Version: 1.0\r\n"
           b'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\r\n\r\n'
           b"--b1\r\nContent-Type: text/plain\r\n\r\nThe message could not be delivered.\r\n"
           b"--b1\r\nContent-Type: message/delivery-status\r\n\r\n"
           b"Reporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; x@example.am\r\n"
           b"Action: failed\r\nStatus: 5.1.1\r\n--b1--\r\n")
    message = _one(mail_source, raw)
    assert message.state == InboundState.IGNORED and "bounce" in message.reason
    assert not Inquiry.objects.exists()


@pytest.mark.parametrize("from_lines,reason", [
    (b"From: Ani <ani@example.am>\r\nFrom: Eve <eve@evil.example>\r\n", "2 From: headers"),
    (b"From: =?utf-8?q?agent?= @example.com\r\n", "encoded word inside the sender's address"),
    (b'From: "x" <=?utf-8?q?ani?=@example.am>\r\n', "encoded word inside the sender's address"),
    (b"From: ani@example.am, eve@evil.example\r\n", "several addresses"),
], ids=["two-from", "encoded-word-address", "encoded-word-in-brackets", "two-addresses"])
def test_a_sender_that_cannot_be_told_goes_to_review(mail_source, from_lines, reason):
    raw = (from_lines + b"To: orders@rg.example\r\nSubject: Where is my order?\r\n"
           b"Message-ID: <two@example.am>\r\n\r\nWhere is it?\r\n")
    message = _one(mail_source, raw)
    assert message.state == InboundState.REVIEW and reason in message.reason
    assert not Inquiry.objects.exists()


def test_an_encoded_display_name_is_a_plain_sender(mail_source):
    message = _one(mail_source, _mail(subject="Tulips?", body="Do you have tulips?",
                                      sender="=?utf-8?q?An=C3=AD?= <ani@example.am>"))
    assert message.state == InboundState.SUPPORT, message.reason
    assert _inquiry_of(message).email == "ani@example.am"


def test_an_order_form_no_layout_reads_still_waits_in_review(mail_source):
    """A new partner's form (order words in the subject, `Label: value` lines): review, where a
    person keys the order, as before."""
    message = _one(mail_source, _mail(subject="Order 7781 for Yerevan", sender="ops@relay.example",
                                      body="Deliver: tulips\nTo: Ani, Yerevan\nWhen: tomorrow"))
    assert message.state == InboundState.REVIEW and "unknown partner layout" in message.reason
    assert not Inquiry.objects.exists()


def test_an_inquiry_that_fails_leaves_the_message_in_review(mail_source, monkeypatch):
    """The inquiry is written in the transaction that ends the message: when it fails, the
    message does not say "support" about an inquiry that does not exist."""
    from inquiries import services

    def broken(**_data):
        raise RuntimeError("inquiries are down")

    monkeypatch.setattr(services, "inquiry_mail_receive", broken)
    message = _one(mail_source, _mail(subject="Tulips?", body="Do you have tulips?"))
    assert message.state == InboundState.REVIEW and "inquiries are down" in message.reason
    assert not Inquiry.objects.exists()


def test_a_reply_to_our_order_email_quoting_its_fields_is_an_order_question(mail_source):
    """Customers answer the confirmation e-mail; their client quotes its `Label: value` lines
    (Outlook under "Original Message"): a person's words about an order, not a partner's form."""
    order = OrderFactory(customer__email="ani@example.am")
    body = (f"Can the courier come after 18:00?\n\n-----Original Message-----\n"
            f"From: RG Flowers <orders@rg.example>\nSubject: Your order {order.number}\n\n"
            f"Order: {order.number}\nDelivery date: tomorrow\nAddress: Abovyan 10\n"
            f"Total: 25500 AMD\n")
    message = _one(mail_source, _mail(subject=f"RE: Your order {order.number}", body=body,
                                      In_Reply_To="<confirmation-1@rg.example>"))
    assert message.state == InboundState.SUPPORT, message.reason
    inquiry = _inquiry_of(message)
    assert inquiry.tab == Tab.ORDER and inquiry.order_id == order.pk
