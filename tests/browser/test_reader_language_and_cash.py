"""What a new operator hit (issue 17): the demo's call topics and ready answers read in the
operator's language on the inquiry page; a failed stop on the run sheet has no cash to
collect. Both screens pass axe."""

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.browser.test_accessibility import Audit
from tests.browser.test_desk import chromium, desk, login  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_demo_topics_and_ready_answers_read_in_russian(chromium, live_server, desk):  # noqa: F811
    from core.tests.factories import UserFactory
    from inquiries.demo import inquiries_demo_seed
    from inquiries.models import CallTopic
    from inquiries.services import call_log

    inquiries_demo_seed()
    irina = UserFactory(username="irina", first_name="Irina", role="operator", language="ru")
    sales = CallTopic.objects.get(name_en="Order or price question")
    inquiry = call_log(call_topic_id=sales.pk, caller_name="Aram", caller_phone="",
                       details="How much are 25 roses?", actor=irina)
    page = login(chromium, live_server, "irina")
    page.goto(f"/desk/inquiries/{inquiry.pk}/")
    text = page.inner_text("main")
    assert "Вопрос о заказе или цене" in text and "Order or price question" not in text
    assert "доставка: Когда привезут" in text and "When will it arrive" not in text
    audit = Audit()
    audit.check(page, "inquiry page [ru]")
    page.goto("/desk/inquiries/?tab=call")
    assert "Вопрос о заказе или цене" in page.inner_text("main")
    audit.check(page, "call centre [ru]")
    audit.assert_clean()
    page.context.close()


def test_the_run_sheet_counts_no_cash_on_a_failed_stop(chromium, live_server, desk):  # noqa: F811
    from delivery.models import Courier, DeliveryAttempt
    from delivery.services import courier_assign, delivery_dispatch, delivery_finish
    from orders.models import PaymentMethod, Status
    from orders.tests.factories import OrderFactory

    vahe = Courier.objects.get(name="Vahe")
    today = timezone.localdate()
    waiting = OrderFactory(delivery_date=today, payment_method=PaymentMethod.CASH,
                           total=Decimal("25000.00"), status=Status.CONFIRMED)
    courier_assign(order_id=waiting.pk, courier_id=vahe.pk)
    failed = OrderFactory(delivery_date=today, payment_method=PaymentMethod.CASH,
                          total=Decimal("18000.00"), status=Status.ASSEMBLING)
    courier_assign(order_id=failed.pk, courier_id=vahe.pk)
    attempt = delivery_dispatch(order_id=failed.pk)
    delivery_finish(attempt_id=attempt.pk, delivered=False,
                    failure_reason=DeliveryAttempt.FailureReason.RECIPIENT_ABSENT)
    page = login(chromium, live_server)
    page.goto(f"/desk/delivery/{today.isoformat()}/couriers/{vahe.pk}/sheet/")
    sheet = page.inner_text(".run-sheet")
    # By hand: only the stop still to be delivered, 25,000; the failed one collects nothing.
    assert "Cash to collect in all: AMD\u00a025,000" in sheet
    assert "18,000" not in sheet and "nothing (not delivered)" in sheet
    audit = Audit()
    audit.check(page, "run sheet with a failed stop")
    audit.assert_clean()
    page.context.close()
