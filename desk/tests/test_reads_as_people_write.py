"""The order page and the queue read as people write, in the operator's language: amounts
with separators and the dram's sign, the timeline as sentences with labels (no codes, no
dicts), and every reason a person must look at an order (issue 10, items 5, 7 and 8)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from orders.models import Status
from orders.services import order_addon_add, order_move

pytestmark = pytest.mark.django_db

CODES = ("out_for_delivery", "awaiting_customer", "{'", "status:", "outcome:", "lines:")


@pytest.mark.parametrize(("language", "total"), [("hy", "20\u00a0000\u00a0֏"),
                                                 ("ru", "20\u00a0000\u00a0֏"),
                                                 ("en", "AMD\u00a020,000")])
def test_the_order_page_writes_money_and_the_timeline_in_the_operators_language(
        client, operator_user, desk_order, balloon, language, total):
    operator_user.language = language
    operator_user.save(update_fields=["language"])
    client.force_login(operator_user)
    order_move(order_id=desk_order.pk, to=Status.CONFIRMED)
    order_addon_add(order_id=desk_order.pk, product_id=balloon.pk)  # an edit with lines

    page = client.get(reverse("desk:order", args=[desk_order.pk])).content.decode()

    assert total in page and "20000.00" not in page
    timeline = page[page.index('id="timeline"'):]
    timeline = timeline[:timeline.index("</ol>")]
    assert not [code for code in CODES if code in timeline], timeline
    with translation.override(language):
        assert str(Status.CONFIRMED.label) in timeline


def test_the_queue_writes_totals_as_people_do_and_marks_every_reason(client_operator,
                                                                     desk_order):
    desk_order.has_price_mismatch = True
    desk_order.delivery_date = timezone.localdate() - timedelta(days=2)
    desk_order.has_past_date = True
    desk_order.save()
    page = client_operator.get(reverse("desk:queue"), {"status": "", "when": ""}).content.decode()
    assert "AMD\u00a020,000" in page and "20000.00" not in page
    assert "price differs" in page and "date passed" in page


def test_the_order_page_says_why_a_person_must_look(client_operator, desk_order):
    desk_order.has_price_mismatch = True
    desk_order.save()
    page = client_operator.get(reverse("desk:order", args=[desk_order.pk])).content.decode()
    assert "A price on the order differs from the catalog price." in page
    assert f'action="/desk/orders/{desk_order.pk}/attended/"' in page
