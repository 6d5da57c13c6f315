"""The courier's own page on a phone, and the delivery board and run sheet, in Chromium, with
axe-core: 0 violations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.test_accessibility import Audit
from tests.browser.test_desk import chromium, desk, login  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


def _on_road(courier, **fields):
    from delivery.models import DeliveryAttempt
    from delivery.services import courier_assign, delivery_dispatch
    from orders.models import Status
    from orders.tests.factories import OrderFactory

    order = OrderFactory(status=Status.ASSEMBLING, delivery_date=timezone.localdate(), **fields)
    courier_assign(order_id=order.pk, courier_id=courier.pk)
    attempt = delivery_dispatch(order_id=order.pk)
    DeliveryAttempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(hours=1))
    return order, attempt


def test_a_courier_marks_one_failed_and_another_delivered_on_a_phone(chromium, live_server,  # noqa: F811
                                                                     desk):  # noqa: F811
    from delivery.models import Courier, DeliveryAttempt
    from delivery.runs import courier_link_token

    courier = Courier.objects.get(name="Vahe")
    first, first_attempt = _on_road(courier, recipient_address="Yerevan, Abovyan 12",
                                    card_message="Happy birthday!")
    second, second_attempt = _on_road(courier, recipient_address="Yerevan, Teryan 60")
    token = courier_link_token(courier_id=courier.pk, day=timezone.localdate(), language="en")

    context = chromium.new_context(base_url=live_server.url, viewport=PHONE,
                                   is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    audit = Audit()
    page.goto(f"/c/{token}/")
    assert page.locator(f"#stop-{first.pk}").is_visible()
    assert page.locator(f"#stop-{first.pk} a.tel").get_attribute("href").startswith("tel:+374")
    assert "maps.google.com/?q=Yerevan" in page.locator(f"#stop-{first.pk} a.map").get_attribute(
        "href")
    # Phone-sized: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    audit.check(page, "courier page")

    page.select_option(f"#reason-{first.pk}", "recipient_absent")
    page.fill(f"#note-{first.pk}", "nobody home, neighbours away")
    page.click(f"#failed-{first.pk}")
    page.wait_for_selector(".messages .success")
    assert "failure recorded" in page.locator(".messages").inner_text()
    audit.check(page, "courier page after a failure")

    page.click(f"#delivered-{second.pk}")
    page.wait_for_selector(f".messages .success:has-text('{second.number}')")
    audit.check(page, "courier page after a delivery")

    first_attempt.refresh_from_db()
    second_attempt.refresh_from_db()
    assert (first_attempt.status, first_attempt.failure_reason) == (
        DeliveryAttempt.Status.FAILED, "recipient_absent")
    assert second_attempt.status == DeliveryAttempt.Status.DELIVERED
    # Neither has buttons any more.
    assert page.locator(f"#failed-{first.pk}").count() == 0
    assert page.locator(f"#delivered-{second.pk}").count() == 0

    page.goto("/c/tampered-token/")
    from django.utils import translation

    from delivery.views.courier import INVALID

    with translation.override("hy"):  # a link that names no language is the courier's Armenian
        assert page.locator("#refused").inner_text() == translation.gettext(INVALID)
    audit.check(page, "courier page refused")
    context.close()
    audit.assert_clean()


def test_the_board_assigns_many_and_the_run_sheet_prints(chromium, live_server, desk):  # noqa: F811
    from delivery.models import Assignment
    from orders.models import Status
    from orders.tests.factories import OrderFactory

    orders = [OrderFactory(status=Status.CONFIRMED, delivery_date=timezone.localdate())
              for _ in range(2)]
    page = login(chromium, live_server)
    audit = Audit()
    page.goto("/desk/delivery/")
    assert "UNASSIGNED" in page.locator("#board-counts").inner_text().upper()
    audit.check(page, "delivery board")
    for order in orders:
        page.check(f"#pick-{order.pk}")
    page.select_option("#board-courier", label="Vahe (own courier)")
    page.click("#board-assign")
    page.wait_for_selector(".messages .success")
    assert Assignment.objects.filter(courier__name="Vahe").count() == 2
    audit.check(page, "delivery board, assigned")
    page.click("text=Run sheet")
    page.wait_for_selector("#stops")
    audit.check(page, "run sheet")
    page.emulate_media(media="print")
    assert not page.locator("header.topbar").is_visible()
    assert page.locator("#stops li.stop").count() == 2
    page.emulate_media(media="screen")
    # The outcome forms on the order page: on the road (delivered, failed), then after a
    # failure (send again, delivered after all).
    from delivery.services import delivery_dispatch
    from orders.services import order_handoff_assembly

    order = orders[0]
    order_handoff_assembly(order_id=order.pk, team="florist")
    delivery_dispatch(order_id=order.pk)
    page.goto(f"/desk/orders/{order.pk}/")
    audit.check(page, "order page on the road")
    page.select_option("#failed-failure_reason", "other")
    page.click("#failed-submit")
    page.wait_for_selector("#failed .errorlist")
    audit.check(page, "order page, failure without a note")
    page.fill("#failed-note", "the gate was locked")
    page.click("#failed-submit")
    page.wait_for_selector("#resend")
    assert page.locator("#order-status").inner_text() == "delivery failed"
    audit.check(page, "order page after a failure")
    page.context.close()
    audit.assert_clean()


def test_the_board_sheet_and_courier_page_pass_axe_in_armenian_and_russian(  # noqa: F811
        chromium, live_server, desk):  # noqa: F811
    from core.models import User
    from delivery.models import Courier
    from delivery.runs import courier_link_token
    from delivery.services import courier_assign, delivery_dispatch
    from orders.models import Status
    from orders.tests.factories import OrderFactory

    vahe = Courier.objects.get(name="Vahe")
    for status in (Status.CONFIRMED, Status.ASSEMBLING):
        order = OrderFactory(status=status, delivery_date=timezone.localdate())
        courier_assign(order_id=order.pk, courier_id=vahe.pk)
    delivery_dispatch(order_id=order.pk)  # one on the road, one waiting
    OrderFactory(status=Status.CONFIRMED, delivery_date=timezone.localdate())  # unassigned
    audit = Audit()
    for language in ("hy", "ru"):
        User.objects.filter(username="anna").update(language=language)
        page = login(chromium, live_server)
        page.goto("/desk/delivery/")
        audit.check(page, f"delivery board [{language}]")
        page.goto(f"/desk/delivery/{timezone.localdate().isoformat()}/couriers/{vahe.pk}/sheet/")
        audit.check(page, f"run sheet [{language}]")
        token = courier_link_token(courier_id=vahe.pk, day=timezone.localdate(),
                                   language=language)
        page.goto(f"/c/{token}/")
        audit.check(page, f"courier page [{language}]")
        page.context.close()
    audit.assert_clean()
