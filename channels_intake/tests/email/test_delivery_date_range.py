"""An e-mail order for a delivery date far from today (year 1, year 9999) is not an order: it
waits in review with the reason, and no page can break on it (issue 11 item 2)."""

import pytest

from channels_intake.models import InboundState
from channels_intake.services.inbound import inbound_ingest
from orders.models import Order

from .mails import website_mail


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_an_out_of_range_date_goes_to_review_with_the_reason(mail_source, brands, day):
    [stored] = inbound_ingest(source=mail_source, messages=[(website_mail(30100, delivery_date=day),
                                                             "test")])
    message = stored.message
    assert message.state == InboundState.REVIEW
    assert f"delivery date {day} is not between" in message.reason
    assert Order.objects.count() == 0
