"""The placeholders of a reply (inquiries/placeholders.py): what each stands for, and a reply
refused naming every unknown or empty one."""

import pytest
from django.contrib.auth import get_user_model

from core.models import OutboxMessage
from inquiries.models import InquiryMessage
from inquiries.placeholders import placeholders_fill
from inquiries.services import InquiryError, inquiry_open, inquiry_reply
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def op(db):
    return get_user_model().objects.create(username="op1")


def test_tracking_url_is_the_carriers_page_of_the_parcel_else_the_status_page(op, time_machine):
    from django.utils import timezone

    from delivery.services import courier_assign, delivery_dispatch
    from delivery.tests.factories import CarrierFactory, CourierFactory
    from orders.links import status_url
    from orders.models import Status

    # The status link is signed with the second it was made: the reply's and the expected one
    # are made in the same second only on a frozen clock.
    time_machine.move_to(timezone.now(), tick=False)
    order = OrderFactory(customer__email="ani@example.am", status=Status.ASSEMBLING)
    inquiry = inquiry_open(tab="order", channel="status_page", text="Where?", order_id=order.pk)
    inquiry_reply(inquiry_id=inquiry.pk, text="Follow it: {tracking_url}", actor=op)
    carrier = CarrierFactory(tracking_url_template="https://track.example/{number}")
    courier = CourierFactory(kind="post", carrier=carrier)
    courier_assign(order_id=order.pk, courier_id=courier.pk)
    delivery_dispatch(order_id=order.pk, tracking_number="EE1AM")
    inquiry_reply(inquiry_id=inquiry.pk, text="Now here: {tracking_url}", actor=op)
    bodies = [m.payload["body"] for m in OutboxMessage.objects.filter(kind="inquiry_reply")
              .order_by("id")]
    assert bodies == [f"Follow it: {status_url(order.pk)}", "Now here: https://track.example/EE1AM"]


@pytest.mark.parametrize("text, named", [("Hi {nickname}", "{nickname}"),
                                         ("See {tracking_url}", "{tracking_url}"),
                                         ("Order {order_number}", "{order_number}")])
def test_a_reply_with_an_unknown_or_empty_placeholder_is_refused_naming_it(op, text, named):
    inquiry = inquiry_open(tab="product", channel="email", text="Q", email="a@example.com")
    with pytest.raises(InquiryError) as refused:
        inquiry_reply(inquiry_id=inquiry.pk, text=text, actor=op)
    assert named in refused.value.message
    assert not OutboxMessage.objects.exists()
    assert not InquiryMessage.objects.filter(direction="out").exists()


def test_each_placeholder_is_filled_from_the_inquiry_and_its_order():
    order = OrderFactory(customer__name="Ani")
    inquiry = inquiry_open(tab="order", channel="status_page", text="When?", order_id=order.pk)
    inquiry.name = ""
    assert placeholders_fill(inquiry=inquiry, text="{customer_name}: {order_number}, "
                             "{delivery_date}; {order_number}") == (
        f"Ani: {order.number}, {order.delivery_date:%d.%m.%Y}; {order.number}")


def test_a_text_without_placeholders_is_kept_as_written():
    inquiry = inquiry_open(tab="product", channel="email", text="Q", email="a@example.com")
    assert placeholders_fill(inquiry=inquiry, text="Thank you, { x } stays.") == (
        "Thank you, { x } stays.")


def test_every_unknown_and_empty_placeholder_is_named_in_one_refusal():
    inquiry = inquiry_open(tab="product", channel="email", text="Q", email="a@example.com")
    with pytest.raises(InquiryError) as refused:
        placeholders_fill(inquiry=inquiry, text="{nickname} {order_number} {delivery_date} {pet}")
    message = refused.value.message
    assert "{nickname}, {pet}" in message and "{order_number}, {delivery_date}" in message
