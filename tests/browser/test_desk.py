"""The operator desk in a real browser: Debian's Chromium driven by Playwright against the
live server. Each test starts its own browser (about a second) and fresh contexts (= sessions)."""

import os
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import need_service

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.browser, pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def chromium(desk, live_server, monkeypatch):
    """Started after the database is set up for the test, on purpose: Playwright's sync API
    runs its own context, in which Django sees a fresh connection object, one that does not
    hold the serialized data-migration rows a transactional test restores."""
    need_service("Chromium", os.path.exists(CHROMIUM))
    # The sync API runs an event loop in this thread; the test's ORM calls stay synchronous.
    # Set for this test only: a later subprocess (check --deploy) must not inherit it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()
        from django.db import connections

        connections.close_all()  # the connection this context opened, or teardown waits on it


@pytest.fixture
def desk(db):
    """A small shop: a brand, roses in stock with a balloon add-on, a courier, an operator."""
    from catalog.tests.factories import (
        AddOnRuleFactory,
        LocationFactory,
        ProductFactory,
        StockItemFactory,
        category,
    )
    from core.tests.factories import UserFactory
    from delivery.models import Courier
    from orders.tests.factories import BrandFactory

    BrandFactory()
    shop = LocationFactory(name="Shop Baghramyan")
    rose = ProductFactory(sku="BR-ROSE", name_en="25 red roses", price=Decimal("20000.00"))
    StockItemFactory(product=rose, location=shop, on_hand=5)
    balloon = ProductFactory(sku="BR-BALLOON", name_en="Heart balloon", price=Decimal("3000.00"),
                             category=category("balloons"))
    StockItemFactory(product=balloon, location=shop, on_hand=5)
    AddOnRuleFactory(category=category("bouquets"), addon=balloon)
    Courier.objects.create(name="Vahe", kind=Courier.Kind.OWN)
    UserFactory(username="anna", role="operator", language="en")
    UserFactory(username="olga", role="operator", language="en")
    return {"rose": rose, "balloon": balloon}


def login(chromium, live_server, username="anna"):
    context = chromium.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "secret-pass-123")
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def email_order(rose, **fields):
    from channels_intake.models import InboundMessage, InboundState
    from channels_intake.tests.factories import SourceFactory
    from orders.models import Channel
    from orders.tests.factories import CustomerFactory, OrderFactory, OrderLineFactory

    order = OrderFactory(channel=Channel.WEBSITE, site_number="55501", subtotal=rose.price,
                         total=rose.price, customer=CustomerFactory(name="Ani Petrosyan"),
                         delivery_date=timezone.localdate(), **fields)
    OrderLineFactory(order=order, product=rose, sku=rose.sku, name=rose.name_en,
                     unit_price=rose.price)
    InboundMessage.objects.create(
        source=SourceFactory(name="orders-mailbox"), dedup_key="mid:<55501@rgflowers.am>",
        content_hash="1" * 64, raw=b"Subject: New order #55501\n\n25 red roses for Mariam",
        subject="New order #55501", state=InboundState.ORDER, order=order)
    return order


def test_an_email_order_confirmed_upsold_and_routed(chromium, live_server, desk):
    from playwright.sync_api import expect

    order = email_order(desk["rose"])
    page = login(chromium, live_server)

    page.goto("/desk/")
    page.click(f"text={order.number}")
    assert page.locator("pre").inner_text().startswith("Subject: New order #55501")
    page.check("input[value=reached]")
    page.click("#confirm-submit")
    # The action answers with the page again: wait for it, not for the old page's words.
    expect(page.locator("#order-status")).to_have_text("confirmed")
    page.click("button.addon[data-sku=BR-BALLOON]")
    page.select_option("#courier select", label="Vahe (own courier)")
    page.click("#courier-submit")

    expect(page.locator("#order-courier")).to_have_text(re.compile(r"^Vahe"))
    timeline = page.locator("#timeline").inner_text()
    for seen in ["stock reserved", "status changed", "Add-on accepted: Heart balloon",
                 "courier assigned", "Vahe"]:
        assert seen in timeline
    assert page.locator("#order-total").inner_text() == "AMD\u00a023,000"  # as people write it
    page.context.close()


def test_a_viber_order_for_a_known_customer(chromium, live_server, desk):
    from orders.models import Order
    from orders.tests.factories import CustomerFactory, OrderFactory

    known = CustomerFactory(phone="+37491222333", name="Narek Avetisyan",
                            email="narek@example.am")
    OrderFactory(customer=known, recipient_name="Lilit Avetisyan",
                 recipient_address="Yerevan, Teryan 60")
    page = login(chromium, live_server)
    page.goto("/desk/")
    page.keyboard.press("n")
    page.wait_for_url("**/desk/new/")

    page.select_option("#id_channel", "viber")
    page.fill("#id_customer_phone", "091 22 23 33")
    page.wait_for_selector("#customer-found:has-text('Narek Avetisyan')")
    assert page.input_value("#id_customer_email") == "narek@example.am"
    page.click("button.recipient")
    assert page.input_value("#id_recipient_address") == "Yerevan, Teryan 60"
    page.fill("#id_delivery_date", (timezone.localdate() + timedelta(days=1)).isoformat())
    page.fill("#id_window", "10:00-13:00")
    page.fill("input[name='qty:BR-ROSE']", "1")
    page.wait_for_selector("#quick-addons input[name='addon:BR-BALLOON']")
    page.check("#quick-addons input[name='addon:BR-BALLOON']")
    page.click("#quick-submit")

    page.wait_for_selector("#order-status")
    order = Order.objects.get(channel="viber")
    assert order.customer == known and order.lines.filter(is_upsell=True).count() == 1
    assert "Viber" in page.locator(".order-head").inner_text()
    page.context.close()


def test_a_review_item_resolved(chromium, live_server, desk):
    from channels_intake.models import InboundMessage, InboundState
    from channels_intake.tests.test_review import review_item
    from orders.tests.factories import normalized_order

    item = review_item(parsed=normalized_order(
        items=(), delivery_date=(timezone.localdate() + timedelta(days=1)).isoformat()).to_json())
    page = login(chromium, live_server)
    page.goto("/desk/review/")
    page.click(f"a[href='/desk/review/{item.pk}/']")
    assert "roses to Abovyan 12" in page.locator("pre").inner_text()
    assert page.input_value("#id_customer_name") == "Ani Petrosyan"
    page.fill("input[name='qty:BR-ROSE']", "1")
    page.click("#review-save")
    page.wait_for_selector("#order-status")
    item.refresh_from_db()
    assert item.state == InboundState.ORDER and item.order is not None
    assert InboundMessage.objects.filter(state=InboundState.REVIEW).count() == 0
    page.context.close()


def test_switching_to_armenian_and_russian(chromium, live_server, desk):
    from core.models import User

    page = login(chromium, live_server)
    page.goto("/desk/")
    page.click("button[name=language][value=hy]")
    page.wait_for_selector("nav.desk-nav >> text=Հերթ")
    assert "Նոր պատվեր" in page.locator("nav.desk-nav").inner_text()
    assert "Կարգավիճակ" in page.locator("#queue-filters").inner_text()
    page.click("button[name=language][value=ru]")
    page.wait_for_selector("nav.desk-nav >> text=Очередь")
    assert "Статус" in page.locator("#queue-filters").inner_text()
    assert User.objects.get(username="anna").language == "ru"
    page.context.close()


def test_two_operators_on_one_order_the_second_gets_the_conflict(chromium, live_server, desk):
    order = email_order(desk["rose"])
    first, second = login(chromium, live_server, "anna"), login(chromium, live_server, "olga")
    first.goto(f"/desk/orders/{order.pk}/")
    second.goto(f"/desk/orders/{order.pk}/")

    first.fill("#id_card_message", "From Anna")
    first.click("#edit-submit")
    first.wait_for_selector("text=Changes saved")
    second.fill("#id_card_message", "From Olga, typed with care")
    second.click("#edit-submit")

    conflict = second.locator("#conflict")
    conflict.wait_for()
    assert "card message" in conflict.inner_text() and "From Anna" in conflict.inner_text()
    assert second.input_value("#id_card_message") == "From Olga, typed with care"
    second.click("#edit-submit")  # applying it again, deliberately, now wins
    second.wait_for_selector("text=Changes saved")
    order.refresh_from_db()
    assert order.card_message == "From Olga, typed with care"
    first.context.close()
    second.context.close()
