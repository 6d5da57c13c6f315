"""The next-morning control list in Chromium: a failed order of yesterday is on the list; an
operator sends it again for the afternoon from the page; the manager sees the banner of overdue
items. Every state of the screen passes axe-core in en, hy and ru."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.test_accessibility import LANGUAGES, Audit
from tests.browser.test_desk import chromium, desk, login  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def control(desk):  # noqa: F811
    from core.tests.factories import UserFactory
    from delivery.control.services import control_list_build
    from delivery.models import ControlItem, Courier, DeliveryAttempt
    from delivery.services import courier_assign, delivery_dispatch, delivery_finish
    from orders.models import Status
    from orders.tests.factories import CustomerFactory, OrderFactory

    UserFactory(username="mina", role="manager", language="en")
    placed = OrderFactory(status=Status.ASSEMBLING,
                          delivery_date=timezone.localdate() - timedelta(days=1),
                          customer=CustomerFactory(language="hy", email="ani@example.am"))
    courier_assign(order_id=placed.pk, courier_id=Courier.objects.get().pk)
    attempt = delivery_dispatch(order_id=placed.pk)
    delivery_finish(attempt_id=attempt.pk, delivered=False,
                    failure_reason=DeliveryAttempt.FailureReason.RECIPIENT_ABSENT,
                    note="Nobody at the door")
    control_list_build()
    return {"order": placed, "item": ControlItem.objects.get()}


def test_an_operator_sends_a_failed_order_again_from_the_list(chromium, live_server, control):  # noqa: F811
    from core.models import OutboxMessage, User
    from delivery.models import ControlItem

    audit = Audit()
    item, placed = control["item"], control["order"]
    for language in LANGUAGES:
        User.objects.filter(username="anna").update(language=language)
        page = login(chromium, live_server, "anna")
        page.goto("/desk/")
        page.click("#queue-control a")
        page.wait_for_selector(f"#control-{item.pk}")
        assert "Nobody at the door" in page.inner_text(f"#control-{item.pk}")
        audit.check(page, f"control list [{language}]")
        page.click(f"#control-{item.pk} summary")
        audit.check(page, f"control resolve form [{language}]")
        page.context.close()
    User.objects.filter(username="anna").update(language="en")

    page = login(chromium, live_server, "anna")
    page.goto("/desk/control/")
    page.click(f"#control-{item.pk} summary")
    form = f"#control-{item.pk} form"
    page.select_option(f"#id_c{item.pk}_resolution", "sent_again")
    page.select_option(f"#id_c{item.pk}_contact", "called_reached")
    page.fill(f"#id_c{item.pk}_note", "Today between 16:00 and 19:00.")
    page.eval_on_selector(form, "form => form.noValidate = true")
    page.click(f"{form} button[type=submit]")  # no date: shown again with the error
    page.wait_for_selector(f"#control-{item.pk} .errorlist")
    audit.check(page, "control resolve form with errors")
    page.select_option(f"#id_c{item.pk}_courier", label="Vahe")
    page.fill(f"#id_c{item.pk}_delivery_date", timezone.localdate().isoformat())
    page.fill(f"#id_c{item.pk}_window_from", "16:00")
    page.fill(f"#id_c{item.pk}_window_until", "19:00")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector(".messages .success")
    audit.check(page, "control list after a resolution")
    page.context.close()

    item.refresh_from_db()
    placed.refresh_from_db()
    assert item.resolution == ControlItem.Resolution.SENT_AGAIN
    assert placed.window_start.astimezone(timezone.get_current_timezone()).hour == 16
    assert OutboxMessage.objects.get(kind="control_resolved").payload["language"] == "hy"
    audit.assert_clean()


def test_the_manager_sees_the_banner_of_overdue_items(chromium, live_server, control):  # noqa: F811
    from delivery.models import ControlItem

    ControlItem.objects.update(deadline=timezone.now() - timedelta(minutes=5))
    audit = Audit()
    page = login(chromium, live_server, "mina")
    page.goto("/desk/")
    page.click(".control-banner a")
    page.wait_for_selector(f"#control-{control['item'].pk}")
    assert "show=overdue" in page.url
    audit.check(page, "control list, overdue, with the banner (manager)")
    page.context.close()
    audit.assert_clean()
