"""The customer notices: from the editable templates, in the customer's language, with the
status link, switched per brand, to the customer who ordered, once per channel."""

from decimal import Decimal

import pytest
from django.core import mail

from core import outbox, sms
from core.models import OutboxMessage
from core.tasks import outbox_send as send_task
from core.tasks import outbox_sweep as sweep_task
from delivery.services import courier_assign, delivery_dispatch, delivery_finish
from delivery.tests.factories import CourierFactory
from notices.admin import NoticeTemplateForm
from notices.models import BrandNotice, MessageKind, NoticeTemplate
from notices.services import customer_message_compose, customer_message_queue
from orders.links import status_token_order_id
from orders.models import Order, Status
from orders.services import order_move
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sms_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def _rows(order, **filters):
    return list(OutboxMessage.objects.filter(about=f"order:{order.pk}", **filters).order_by("id"))


def test_every_customer_kind_is_seeded_in_three_languages():
    kinds = {MessageKind.CONFIRMATION, MessageKind.NOT_REACHED, MessageKind.CHANGED,
             MessageKind.TRACKING, MessageKind.ON_THE_WAY, MessageKind.DELIVERED,
             MessageKind.DELIVERY_FAILED, MessageKind.PARCEL_MOVED, MessageKind.PARCEL_WAITING,
             MessageKind.CONTROL_RESOLVED, MessageKind.FEEDBACK}
    seeded = set(NoticeTemplate.objects.values_list("kind", "language"))
    assert {(kind, lang) for kind in kinds for lang in ("hy", "ru", "en")} <= seeded


def test_the_confirmation_comes_from_the_template_in_the_customers_language_with_the_link():
    order = OrderFactory(customer__language="ru", customer__name="Анна")
    language, subject, body = customer_message_compose(order=order,
                                                       kind=MessageKind.CONFIRMATION)
    assert language == "ru"
    assert subject == f"Ваш заказ {order.number} подтверждён"
    assert "Здравствуйте, Анна!" in body
    url = next(word for word in body.split() if "/s/" in word)
    assert status_token_order_id(url.rstrip("/").rsplit("/", 1)[1]) == order.pk
    assert "{" not in body  # every placeholder filled


def test_a_manager_edits_the_template_and_the_next_notice_says_so():
    NoticeTemplate.objects.filter(kind="confirmation", language="en").update(
        subject="Yes! {order_number}", body="Dear {customer_name}, see {status_url}")
    order = OrderFactory(customer__name="Ani")
    _lang, subject, body = customer_message_compose(order=order, kind=MessageKind.CONFIRMATION)
    assert subject == f"Yes! {order.number}"
    assert body.startswith("Dear Ani, see http")


def test_the_admin_refuses_unknown_placeholders_and_template_tags_do_nothing():
    form = NoticeTemplateForm(data={"kind": "delivered", "language": "en",
                                    "subject": "{order_number}", "body": "{secret_key} {{ x }}",
                                    "sms": ""})
    NoticeTemplate.objects.filter(kind="delivered", language="en").delete()
    assert not form.is_valid()
    assert "secret_key" in str(form.errors["body"])
    NoticeTemplate.objects.filter(kind="delivered", language="hy").update(
        body="{% load log %}{{ order.customer.phone }} {order_number}")
    order = OrderFactory(customer__language="hy")
    _lang, _subject, body = customer_message_compose(order=order, kind=MessageKind.DELIVERED)
    assert body == "{% load log %}{{ order.customer.phone }} " + order.number


def test_the_operators_text_goes_in_as_written_and_nothing_internal():
    order = OrderFactory()
    _lang, _subject, body = customer_message_compose(
        order=order, kind=MessageKind.NOT_REACHED, customer_message="Call us at 10.")
    assert "Call us at 10." in body


@pytest.mark.parametrize(("to", "kind"), [
    (Status.DELIVERED, MessageKind.DELIVERED), (Status.FAILED, MessageKind.DELIVERY_FAILED)])
def test_delivered_and_failed_tell_the_customer(to, kind, django_capture_on_commit_callbacks):
    order = OrderFactory(status=Status.ASSEMBLING)
    courier_assign(order_id=order.pk, courier_id=CourierFactory().pk)
    attempt = delivery_dispatch(order_id=order.pk)
    assert [row.kind for row in _rows(order)] == [MessageKind.ON_THE_WAY]
    with django_capture_on_commit_callbacks(execute=True):
        delivery_finish(attempt_id=attempt.pk, delivered=to == Status.DELIVERED,
                        failure_reason="" if to == Status.DELIVERED else "refused")
    assert [row.kind for row in _rows(order)] == [MessageKind.ON_THE_WAY, kind]
    assert mail.outbox[-1].to == [order.customer.email]


def test_a_parcel_gets_no_on_the_way_notice():
    order = OrderFactory(status=Status.ASSEMBLING)
    courier_assign(order_id=order.pk, courier_id=CourierFactory(kind="post").pk)
    delivery_dispatch(order_id=order.pk, tracking_number="EE123456789AM")
    assert not _rows(order, kind=MessageKind.ON_THE_WAY)


def test_notices_go_to_the_customer_never_the_recipient_and_anonymous_hides_nothing_more():
    order = OrderFactory(is_anonymous=True, customer__email="sender@example.am",
                         recipient_name="Mariam Gift", recipient_phone="+37493111222")
    BrandNotice.objects.create(brand=order.brand, kind=MessageKind.CONFIRMATION, sms=True)
    order_move(order_id=order.pk, to=Status.CONFIRMED)
    recipients = {row.recipient for row in _rows(order)}
    assert recipients == {"sender@example.am", order.customer.phone.as_e164}
    assert "+37493111222" not in recipients


def test_brand_switches_choose_the_channels(django_capture_on_commit_callbacks):
    order = OrderFactory(customer__phone="+37491000111")
    BrandNotice.objects.create(brand=order.brand, kind=MessageKind.CONFIRMATION,
                               email=False, sms=True)
    with django_capture_on_commit_callbacks(execute=True):
        order_move(order_id=order.pk, to=Status.CONFIRMED)
    [row] = _rows(order)
    assert (row.channel, row.recipient, row.state) == ("sms", "+37491000111", "sent")
    assert sms.outbox[0]["to"] == "+37491000111"
    assert order.number in sms.outbox[0]["text"] and "/s/" in sms.outbox[0]["text"]
    assert not mail.outbox


def test_switched_off_sends_nothing():
    order = OrderFactory()
    BrandNotice.objects.create(brand=order.brand, kind=MessageKind.CONFIRMATION,
                               email=False, sms=False)
    order_move(order_id=order.pk, to=Status.CONFIRMED)
    assert not _rows(order)


def test_one_notice_per_channel_when_the_task_runs_twice(django_capture_on_commit_callbacks):
    order = OrderFactory()
    BrandNotice.objects.create(brand=order.brand, kind=MessageKind.CONFIRMATION, sms=True)
    with django_capture_on_commit_callbacks(execute=True):
        order_move(order_id=order.pk, to=Status.CONFIRMED)
    rows = _rows(order)
    assert sorted(row.channel for row in rows) == ["email", "sms"]
    for row in rows:  # the task again, the sweeper again
        assert outbox.outbox_send(message_id=row.pk) is None
    assert outbox.outbox_sweep() == 0
    assert (len(mail.outbox), len(sms.outbox)) == (1, 1)
    # The Celery tasks for real: a send delivered twice more (acks_late), the notice queued
    # again for the same change (its kick runs the send task once more), the beat's sweep.
    for row in rows:
        send_task.apply(args=[row.pk]).get()
        send_task.delay(row.pk)
    with django_capture_on_commit_callbacks(execute=True):
        customer_message_queue(order=Order.objects.get(pk=order.pk),
                               kind=MessageKind.CONFIRMATION)
    sweep_task.apply().get()
    assert _rows(order) == rows and {row.state for row in _rows(order)} == {"sent"}
    assert (len(mail.outbox), len(sms.outbox)) == (1, 1)


def test_a_worker_dying_mid_send_leaves_one_sms(settings):
    settings.OUTBOX_CLAIM_SECONDS = 0  # the dead worker's claim runs out at once
    order = OrderFactory()
    BrandNotice.objects.create(brand=order.brand, kind=MessageKind.CONFIRMATION,
                               email=False, sms=True)
    order_move(order_id=order.pk, to=Status.CONFIRMED)
    [row] = _rows(order)
    assert outbox.outbox_claim(message_id=row.pk) is not None  # claimed, then killed: no send
    assert sms.outbox == []
    assert outbox.outbox_sweep() == 1  # the claim expired: another worker sends it
    assert outbox.outbox_sweep() == 0
    row.refresh_from_db()
    assert (row.state, row.attempts, len(sms.outbox)) == ("sent", 2, 1)


@pytest.mark.parametrize(("language", "total"), [
    ("hy", "59\u00a0000\u00a0֏"), ("ru", "59\u00a0000\u00a0֏"), ("en", "AMD\u00a059,000"),
])
def test_the_customer_e_mail_writes_money_as_people_do(language, total):
    order = OrderFactory(total=Decimal("59000.00"), customer__language=language)
    message = customer_message_queue(order=order, kind="confirmation")
    body = message.payload["body"]
    assert total in body and "59000.00" not in body


def test_a_stored_template_with_an_unknown_placeholder_gives_way_to_the_built_in_text():
    """Written before the admin checked: the customer still hears, the change still commits."""
    NoticeTemplate.objects.filter(kind="confirmation", language="en").update(
        subject="{order_number} {Order_Number}", body="{secret_key}", sms="{secret_key}")
    order = OrderFactory(customer__name="Ani")
    _lang, subject, body = customer_message_compose(order=order, kind=MessageKind.CONFIRMATION)
    assert subject == f"Your order {order.number} is confirmed"
    assert body.startswith("Hello Ani,") and "secret_key" not in body
