"""Issue 12 end to end, in Chromium, with the clock moved from one day to the next: a courier
marks a partner's order failed on the courier's page; the next morning it is on the control
list; an operator sends it again for the afternoon; the courier marks it delivered; the
manager's dashboard counts one failure and one late delivery; the partner's webhook says
delivered."""

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from channels_intake.tests.httpserver import LocalServer
from tests.browser.test_desk import chromium, desk, login  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

YEREVAN = ZoneInfo("Asia/Yerevan")
PROMISED = timezone.localdate() + timedelta(days=1)  # tomorrow: the clock only moves ahead
NEXT_DAY = PROMISED + timedelta(days=1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=YEREVAN)


@pytest.fixture
def receiver():
    with LocalServer() as running:
        running.serve("/hook", 204)
        yield running


def courier_page(chromium, live_server, courier, day):  # noqa: F811
    from delivery.runs import courier_link_token

    context = chromium.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"/c/{courier_link_token(courier_id=courier.pk, day=day, language='en')}/")
    return page


def test_a_failed_delivery_is_caught_the_next_morning_and_delivered(  # noqa: PLR0915
        chromium, live_server, desk, receiver, settings):  # noqa: F811
    from channels_intake.models import WebhookEndpoint
    from channels_intake.tests.factories import PartnerFactory
    from core.tests.factories import UserFactory
    from delivery.control.services import control_list_build
    from delivery.models import ControlItem, Courier
    from delivery.services import courier_assign, delivery_dispatch
    from orders.models import Channel, Status
    from orders.tests.factories import CustomerFactory, OrderFactory

    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = True  # the partner's receiver is on this machine
    UserFactory(username="mina", role="manager", language="en")
    vahe = Courier.objects.get(name="Vahe")
    traveller = time_machine.travel(at(PROMISED, 9), tick=True)
    clock = traveller.start()
    try:
        partner = PartnerFactory(code="flowwow", name="Flowwow")
        WebhookEndpoint.objects.create(partner=partner, url=f"{receiver.url}/hook")
        order = OrderFactory(partner=partner, brand=partner.brand, channel=Channel.PARTNER_API,
                             partner_order_id="FW-1", status=Status.ASSEMBLING,
                             delivery_date=PROMISED, window_start=at(PROMISED, 10),
                             window_end=at(PROMISED, 13),
                             customer=CustomerFactory(email="ani@example.am", language="en"))
        courier_assign(order_id=order.pk, courier_id=vahe.pk)
        delivery_dispatch(order_id=order.pk)

        # 11:30 on the promised day: nobody at the door.
        clock.move_to(at(PROMISED, 11, 30))
        page = courier_page(chromium, live_server, vahe, PROMISED)
        page.select_option(f"#reason-{order.pk}", "recipient_absent")
        page.fill(f"#note-{order.pk}", "Nobody at the door, phone off")
        page.click(f"#failed-{order.pk}")
        page.wait_for_selector(".messages")
        page.context.close()
        order.refresh_from_db()
        assert order.status == Status.FAILED

        # 08:00 the next morning: the beat task builds the control list.
        clock.move_to(at(NEXT_DAY, 8))
        control_list_build()
        item = ControlItem.objects.get(order=order)
        page = login(chromium, live_server, "anna")
        page.goto("/desk/control/")
        assert "Nobody at the door, phone off" in page.inner_text(f"#control-{item.pk}")
        page.click(f"#control-{item.pk} summary")
        page.select_option(f"#id_c{item.pk}_resolution", "sent_again")
        page.select_option(f"#id_c{item.pk}_contact", "called_reached")
        page.fill(f"#id_c{item.pk}_note", "We bring it today between 15:00 and 18:00.")
        page.select_option(f"#id_c{item.pk}_courier", label="Vahe")
        page.fill(f"#id_c{item.pk}_delivery_date", NEXT_DAY.isoformat())
        page.fill(f"#id_c{item.pk}_window_from", "15:00")
        page.fill(f"#id_c{item.pk}_window_until", "18:00")
        page.click(f"#control-{item.pk} form button[type=submit]")
        page.wait_for_selector(".messages .success")
        page.context.close()
        item.refresh_from_db()
        assert item.resolution == ControlItem.Resolution.SENT_AGAIN

        # The afternoon: out again, and delivered within the new window.
        clock.move_to(at(NEXT_DAY, 14, 30))
        delivery_dispatch(order_id=order.pk)
        clock.move_to(at(NEXT_DAY, 16))
        page = courier_page(chromium, live_server, vahe, NEXT_DAY)
        page.click(f"#delivered-{order.pk}")
        page.wait_for_selector(".messages")
        page.context.close()
        order.refresh_from_db()
        assert order.status == Status.DELIVERED

        # The manager's dashboard over both days: one order due, delivered late, one failure.
        page = login(chromium, live_server, "mina")
        page.goto(f"/desk/dashboard/?date_from={PROMISED.isoformat()}"
                  f"&date_to={NEXT_DAY.isoformat()}")
        figures = dict(
            (row.locator("th, td").first.inner_text(), row.locator("td").last.inner_text())
            for row in page.locator("#dash-delivery tbody tr").all())
        assert (figures["Due"], figures["Delivered on time"], figures["Delivered late"]) == (
            "1", "0", "1")
        assert figures["Failed: recipient not there"] == "1"
        page.locator("#dash-delivery tr", has_text="Delivered late").locator("a").click()
        page.wait_for_url("**/desk/?*outcome=late*")  # the orders behind the figure
        assert order.number in page.inner_text("main")
        page.context.close()
    finally:
        traveller.stop()

    statuses = [json.loads(request["body"])["data"]["status"] for request in receiver.requests]
    assert statuses[-1] == "delivered" and "failed" in statuses
