"""An internal note never leaves the desk; the message to the customer is its own field, sent
as written, and the page shows the e-mail as it will be sent."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from core.models import OutboxMessage
from notices.services import customer_message_preview
from orders.services import order_confirm_call

pytestmark = pytest.mark.django_db

NOTE = "INTERNAL: customer sounded drunk, double-check the address"
TO_CUSTOMER = "Please call us back on 010 555 555 before 18:00."


def sent_body(order, kind):
    message = OutboxMessage.objects.get(about=f"order:{order.pk}", kind=kind,
                                        channel=OutboxMessage.Channel.EMAIL)
    assert message.state == OutboxMessage.State.SENT
    assert len(mail.outbox) == 1 and mail.outbox[0].body == message.payload["body"]
    return mail.outbox[0].body


@pytest.mark.parametrize(("outcome", "kind"), [("reached", "confirmation"),
                                               ("not_reached", "not_reached")])
def test_the_confirm_form_sends_the_customer_message_never_the_note(
        client_operator, desk_order, django_capture_on_commit_callbacks, outcome, kind):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_operator.post(
            reverse("desk:order_action", args=[desk_order.pk, "confirm"]),
            {"version": 1, "outcome": outcome, "note": NOTE, "customer_message": TO_CUSTOMER})

    assert response.status_code == 302
    body = sent_body(desk_order, kind)
    assert TO_CUSTOMER in body and "drunk" not in body
    assert NOTE in desk_order.events.get(kind="status_changed").message  # kept on the timeline


def test_not_reached_again_sends_the_message_not_the_note(desk_order,
                                                          django_capture_on_commit_callbacks):
    order_confirm_call(order_id=desk_order.pk, reached=False)
    mail.outbox.clear()
    OutboxMessage.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        order_confirm_call(order_id=desk_order.pk, reached=False, note=NOTE,
                           customer_message=TO_CUSTOMER)
    body = sent_body(desk_order, "not_reached")
    assert TO_CUSTOMER in body and "drunk" not in body


def test_an_edit_note_stays_in_the_desk(client_operator, desk_order,
                                        django_capture_on_commit_callbacks):
    from desk.forms.order import EditForm

    data = {key: value for key, value in EditForm.initial_for(desk_order).items() if value}
    data |= {"version": 1, "recipient_address": "Yerevan, Saryan 14", "note": NOTE,
             "customer_message": TO_CUSTOMER,
             "delivery_date": (desk_order.delivery_date + timedelta(days=1)).isoformat()}
    with django_capture_on_commit_callbacks(execute=True):
        response = client_operator.post(
            reverse("desk:order_action", args=[desk_order.pk, "edit"]), data)
    assert response.status_code == 302
    body = sent_body(desk_order, "changed")
    assert TO_CUSTOMER in body and "drunk" not in body


def test_the_page_labels_the_fields_and_previews_the_email_as_sent(client_operator, desk_order):
    page = client_operator.get(reverse("desk:order", args=[desk_order.pk])).content.decode()
    assert "Message to the customer (sent as written)" in page
    assert "Internal note (stays in the desk, never sent)" in page
    assert 'id="confirm-preview"' in page and "ani@example.am" in page

    url = reverse("desk:order_preview", args=[desk_order.pk, "confirm"])
    preview = client_operator.get(url, {"outcome": "not_reached", "note": NOTE,
                                        "customer_message": TO_CUSTOMER}).content.decode()
    assert TO_CUSTOMER in preview and "drunk" not in preview
    expected = customer_message_preview(order=desk_order, action="confirm", reached=False,
                                        customer_message=TO_CUSTOMER)
    assert expected["subject"] in preview
    assert not OutboxMessage.objects.exists() and not mail.outbox  # a preview sends nothing
