"""Inquiry services: intake from the status page and feedback, replies with placeholders,
closing, the call centre's forward (a real local SMTP server), mail threading."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from core import events, outbox
from core.models import OutboxMessage
from inquiries.models import Inquiry, InquiryState, Outcome, Tab
from inquiries.services import (
    InquiryError,
    call_log,
    inquiry_close,
    inquiry_mail_receive,
    inquiry_open,
    inquiry_reply,
    subject_tag,
)
from orders.domain_events import CustomerQuestion, FeedbackLow
from orders.models import Customer
from orders.tests.factories import OrderFactory

from .factories import CallTopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def op(db):
    return get_user_model().objects.create(username="op1")


def test_status_page_question_opens_an_order_question_in_the_transaction():
    order = OrderFactory(customer__email="ani@example.am", customer__language="ru")
    with transaction.atomic():
        events.publish(CustomerQuestion(order_id=order.pk, text="When?", language="ru"))
    inquiry = Inquiry.objects.get()
    assert (inquiry.tab, inquiry.channel, inquiry.order_id) == (Tab.ORDER, "status_page", order.pk)
    assert inquiry.customer == order.customer and inquiry.email == "ani@example.am"
    assert inquiry.language == "ru" and inquiry.due_at is not None
    # A second question on the same order joins the open thread.
    events.publish(CustomerQuestion(order_id=order.pk, text="Still?", language="ru"))
    assert Inquiry.objects.count() == 1 and inquiry.messages.count() == 2


def test_a_low_rating_opens_an_order_inquiry_to_call_back():
    order = OrderFactory()
    events.publish(FeedbackLow(order_id=order.pk, rating=1, comment="Wilted", language="en"))
    inquiry = Inquiry.objects.get()
    assert inquiry.tab == Tab.ORDER and inquiry.channel == "feedback"
    assert "Wilted" in inquiry.messages.get().text


def test_customer_found_or_created_by_phone_or_email():
    known = Customer.objects.create(phone="+37491000001", email="known@example.am", name="K")
    by_mail = inquiry_open(tab="product", channel="email", text="Roses?", email="KNOWN@example.am")
    assert by_mail.customer == known
    by_phone = inquiry_open(tab="product", channel="chat", text="Tulips?", phone="091 000002",
                            name="New")
    assert by_phone.customer.phone.as_e164 == "+37491000002" and by_phone.phone == "+37491000002"
    stranger = inquiry_open(tab="product", channel="email", text="Hi", email="x@example.com")
    assert stranger.customer is None and stranger.email == "x@example.com"


def test_reply_fills_placeholders_and_goes_through_the_outbox_with_the_token(op):
    order = OrderFactory(customer__email="ani@example.am", customer__name="Ani")
    inquiry = inquiry_open(tab="order", channel="status_page", text="When?", order_id=order.pk)
    reply = inquiry_reply(inquiry_id=inquiry.pk, text="Dear {customer_name}, {order_number} "
                          "comes on {delivery_date}.", actor=op)
    message = OutboxMessage.objects.get(kind="inquiry_reply")
    assert message.recipient == "ani@example.am" and message.channel == "email"
    assert subject_tag(inquiry) in message.payload["subject"]
    assert message.payload["body"] == (f"Dear Ani, {order.number} comes on "
                                       f"{order.delivery_date:%d.%m.%Y}.")
    assert reply.message_id == outbox.message_id_header(message)
    inquiry.refresh_from_db()
    assert inquiry.state == InquiryState.WAITING and inquiry.first_answer_at


def test_short_reply_without_email_goes_by_sms_long_one_is_refused(op):
    inquiry = inquiry_open(tab="call", channel="phone", text="Q", phone="+37491555555")
    with pytest.raises(InquiryError):
        inquiry_reply(inquiry_id=inquiry.pk, text="x" * 161, actor=op)
    inquiry_reply(inquiry_id=inquiry.pk, text="Your order is ready.", actor=op)
    sms = OutboxMessage.objects.get()
    assert (sms.channel, sms.recipient, sms.payload) == ("sms", "+37491555555",
                                                         {"text": "Your order is ready."})


def test_close_call_needs_outcome_and_a_note_when_not_resolved(op):
    inquiry = inquiry_open(tab="call", channel="phone", text="Q", phone="+37491555555")
    with pytest.raises(InquiryError):
        inquiry_close(inquiry_id=inquiry.pk, actor=op)
    with pytest.raises(InquiryError):
        inquiry_close(inquiry_id=inquiry.pk, outcome=Outcome.NOT_RESOLVED, actor=op)
    closed = inquiry_close(inquiry_id=inquiry.pk, outcome=Outcome.NOT_RESOLVED,
                           note="Wrong number", actor=op)
    assert closed.state == InquiryState.CLOSED and closed.due_at is None


def test_a_non_sales_call_is_forwarded_to_its_address_through_a_real_smtp_server(
        smtp, op, django_capture_on_commit_callbacks):
    topic = CallTopicFactory(name="Job applications", forward_to="hr@rg.example")
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = call_log(call_topic_id=topic.pk, caller_name="Aram", caller_phone="+37491222333",
                           details="Wants to work as a courier.", actor=op)
    [received] = smtp.sink.to("hr@rg.example")
    assert "Aram" in received["Subject"]
    assert "Wants to work as a courier." in received.get_payload(decode=True).decode()
    inquiry.refresh_from_db()
    assert inquiry.state == InquiryState.CLOSED and inquiry.outcome == Outcome.RESOLVED
    assert OutboxMessage.objects.get().state == "sent"


def test_a_sales_call_stays_open_on_the_clock(op):
    topic = CallTopicFactory(name="Order", forward_to="")
    inquiry = call_log(call_topic_id=topic.pk, caller_name="A", caller_phone="",
                       details="Wants roses", actor=op)
    assert inquiry.state == InquiryState.OPEN and inquiry.tab == Tab.CALL and inquiry.due_at


def test_mail_threads_by_in_reply_to_then_by_token_never_by_subject(op):
    inquiry = inquiry_open(tab="product", channel="email", text="Q", email="a@example.com",
                           topic="Roses")
    reply = inquiry_reply(inquiry_id=inquiry.pk, text="Yes we have.", actor=op)
    by_header = inquiry_mail_receive(sender="a@example.com", subject="whatever", text="Thanks",
                                     message_id="<c1@example.com>",
                                     in_reply_to=reply.message_id)
    assert by_header.pk == inquiry.pk and by_header.state == InquiryState.OPEN
    by_token = inquiry_mail_receive(sender="a@example.com", subject=f"Re: {subject_tag(inquiry)}",
                                    text="Me too", message_id="<c2@example.com>")
    assert by_token.pk == inquiry.pk
    same_subject = inquiry_mail_receive(sender="a@example.com", subject="Roses", text="New one",
                                        message_id="<c3@example.com>")
    assert same_subject.pk != inquiry.pk and same_subject.tab == Tab.PRODUCT
    assert same_subject.suspected_thread is None
    # The same mail polled twice is one message.
    again = inquiry_mail_receive(sender="a@example.com", subject="Roses", text="New one",
                                 message_id="<c3@example.com>")
    assert again.pk == same_subject.pk and same_subject.messages.count() == 1


def test_demo_data_is_idempotent_and_complete_in_three_languages():
    from inquiries.demo import inquiries_demo_seed
    from inquiries.models import CallTopic, ReadyAnswer, WorkingHours

    inquiries_demo_seed()
    inquiries_demo_seed()
    assert WorkingHours.objects.count() == 13 and CallTopic.objects.count() == 5
    for answer in ReadyAnswer.objects.all():
        assert answer.text_hy and answer.text_ru and answer.text_en


def test_a_new_mail_naming_the_senders_own_order_is_an_order_question():
    order = OrderFactory(customer__email="ani@example.am")
    mine = inquiry_mail_receive(sender="ANI@example.am", subject=f"About {order.number}",
                                text="Can you come later?", message_id="<m1@example.am>")
    assert mine.tab == Tab.ORDER and mine.order_id == order.pk
    stranger = inquiry_mail_receive(sender="eve@example.com", subject=f"About {order.number}",
                                    text="Address?", message_id="<m2@example.com>")
    # About an order all the same (issue 17, item 6: an order number means the order tab), but
    # never linked to someone else's order.
    assert stranger.tab == Tab.ORDER and stranger.order_id is None
