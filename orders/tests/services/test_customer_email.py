"""The customer's e-mail about an order, as it is queued in the outbox."""

from decimal import Decimal

import pytest

from orders.services import customer_message_queue
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "total"), [
    ("hy", "59\u00a0000\u00a0֏"), ("ru", "59\u00a0000\u00a0֏"), ("en", "AMD\u00a059,000"),
])
def test_the_customer_e_mail_writes_money_as_people_do(language, total):
    order = OrderFactory(total=Decimal("59000.00"), customer__language=language)
    message = customer_message_queue(order=order, kind="confirmation")
    body = message.payload["body"]
    assert total in body and "59000.00" not in body
