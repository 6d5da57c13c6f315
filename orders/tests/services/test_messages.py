import pytest
from django.core import mail

from orders.models import CustomerMessage
from orders.services import customer_message_retry, customer_message_send
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def _message(state):
    return CustomerMessage.objects.create(order=OrderFactory(), kind="confirmation", to="a@b.am",
                                          language="en", subject="s", body="b", state=state)


def test_a_failed_message_is_sent_again_after_commit(django_capture_on_commit_callbacks):
    message = _message(CustomerMessage.State.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        customer_message_retry(message_id=message.pk)
    message.refresh_from_db()
    assert message.state == CustomerMessage.State.SENT and len(mail.outbox) == 1


def test_a_sent_message_is_never_sent_twice(django_capture_on_commit_callbacks):
    message = _message(CustomerMessage.State.SENT)
    with django_capture_on_commit_callbacks(execute=True):
        customer_message_retry(message_id=message.pk)
    customer_message_send(message_id=message.pk)
    assert mail.outbox == []


@pytest.mark.parametrize(("language", "total"), [
    ("hy", "59\u00a0000\u00a0֏"), ("ru", "59\u00a0000\u00a0֏"), ("en", "AMD\u00a059,000"),
])
def test_the_customer_e_mail_writes_money_as_people_do(language, total):
    from decimal import Decimal

    from orders.services import customer_message_queue

    order = OrderFactory(total=Decimal("59000.00"), customer__language=language)
    message = customer_message_queue(order=order, kind="confirmation")
    assert total in message.body and "59000.00" not in message.body
