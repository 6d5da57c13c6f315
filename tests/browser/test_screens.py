"""What a new operator hit (issue 10), in a real browser: the review page keeps what the message
said, dates survive Russian, the pre-order's button is seen and opens quick entry filled."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from core.models import OutboxMessage

from .test_desk import login, pytestmark  # noqa: F401  (pytestmark: the marks of every browser test)


def test_a_review_item_saved_as_the_message_stated_it(chromium, live_server, desk):
    from channels_intake.models import InboundState
    from channels_intake.tests.test_review import review_item
    from orders.normalized import Item
    from orders.tests.factories import normalized_order

    item = review_item(parsed=normalized_order(
        delivery_date=(timezone.localdate() + timedelta(days=1)).isoformat(),
        items=(Item(sku="BR-ROSE", quantity=1, unit_price="22000"),
               Item(name="Heart balloons", quantity=2, unit_price="1500")),
        delivery_fee="1000", discount="500", total="25500", is_paid=True).to_json())
    page = login(chromium, live_server)
    page.goto(f"/desk/review/{item.pk}/")
    stated = page.locator("#stated").inner_text()
    assert "Total as stated" in stated
    assert page.input_value("input[name='line-1-name']") == "Heart balloons"
    assert page.input_value("#id_stated-delivery_fee") == "1000"
    page.click("#review-save")
    page.wait_for_selector("#order-status")

    item.refresh_from_db()
    order = item.order
    assert item.state == InboundState.ORDER
    assert sorted((line.sku or line.name, line.quantity, line.unit_price)
                  for line in order.lines.all()) == [
        ("BR-ROSE", 1, Decimal("22000.00")), ("Heart balloons", 2, Decimal("1500.00"))]
    assert (order.delivery_fee, order.discount, order.total) == (
        Decimal("1000.00"), Decimal("500.00"), Decimal("25500.00"))
    assert order.is_paid and not order.has_total_mismatch
    assert page.locator("#order-total").inner_text() == "AMD\u00a025,500"  # as people write it
    page.context.close()


def test_in_russian_the_edit_form_keeps_the_delivery_date_and_window(chromium, live_server, desk):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from core.models import User

    from .test_desk import email_order

    day = timezone.localdate() + timedelta(days=2)
    zone = ZoneInfo("Asia/Yerevan")
    order = email_order(desk["rose"], window_start=datetime.combine(day, datetime.min.time(), zone)
                        .replace(hour=10), window_end=datetime.combine(
                            day, datetime.min.time(), zone).replace(hour=13))
    order.delivery_date = day
    order.save(update_fields=["delivery_date"])
    User.objects.filter(username="anna").update(language="ru")
    page = login(chromium, live_server)
    page.goto(f"/desk/orders/{order.pk}/")
    assert "Дата доставки" in page.locator("#edit").inner_text()  # the page is in Russian
    assert page.input_value("#id_delivery_date") == day.isoformat()
    assert page.input_value("#id_window_from") == "10:00"

    page.fill("#id_card_message", "С любовью")
    page.click("#edit-submit")
    page.wait_for_selector("#edit")
    order.refresh_from_db()
    assert order.card_message == "С любовью" and order.delivery_date == day  # not retyped
    assert page.input_value("#id_delivery_date") == day.isoformat()
    page.context.close()


def test_the_pre_orders_button_is_seen_and_opens_quick_entry_filled(chromium, live_server, desk):
    from orders.models import Lead, Order
    from orders.normalized import Item
    from orders.tests.factories import BrandFactory, CustomerFactory, normalized_order

    day = (timezone.localdate() + timedelta(days=1)).isoformat()
    details = normalized_order(is_preorder=True, site_number="9301", delivery_date=day,
                               items=(Item(sku="BR-ROSE", quantity=2, unit_price="19000"),),
                               delivery_fee="1000", total="39000", is_paid=False).to_json()
    lead = Lead.objects.create(brand=BrandFactory(), site_number="9301", details=details,
                               customer=CustomerFactory(name="Ani Petrosyan"),
                               total=Decimal("39000"))
    page = login(chromium, live_server)
    page.goto("/desk/leads/")
    button = page.locator(f"#lead-open-{lead.pk}")
    colour, background = button.evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]")
    assert colour != background and button.is_visible()
    button.click()

    page.wait_for_url(f"**/desk/new/?lead={lead.pk}")
    assert Lead.objects.get(pk=lead.pk).status == Lead.Status.OPEN  # a look first, no convert
    assert page.input_value("#id_customer_name") == "Ani Petrosyan"
    assert page.input_value("#id_recipient_address") == "Yerevan, Tumanyan 8"
    assert page.input_value("#id_delivery_date") == day
    assert page.input_value("input[name='line-0-sku']") == "BR-ROSE"
    assert page.input_value("input[name='line-0-unit_price']") == "19000"
    assert page.input_value("#id_stated-total") == "39000"
    page.click("#quick-submit")
    page.wait_for_selector("#order-status")

    order = Order.objects.get(site_number="9301")
    assert order.total == Decimal("39000.00") and order.delivery_fee == Decimal("1000.00")
    assert order.lines.get().unit_price == Decimal("19000.00")
    assert Lead.objects.get(pk=lead.pk).order == order
    page.context.close()


def test_quick_entry_search_and_a_new_customer_hint(chromium, live_server, desk):
    page = login(chromium, live_server)
    page.goto("/")
    page.wait_for_url("**/desk/")  # an operator lands on the queue
    page.goto("/desk/new/")
    page.fill("#id_customer_phone", "094 00 11 22")
    page.wait_for_selector("#customer-found:has-text('New customer')")

    page.fill("#product-search", "heart")
    page.wait_for_selector("#product-results button.pick[data-sku=BR-BALLOON]")
    page.press("#product-search", "Enter")  # a search: the order is not submitted
    assert page.url.endswith("/desk/new/")
    page.click("#product-results button.pick[data-sku=BR-BALLOON]")
    assert page.input_value("input[name='qty:BR-BALLOON']") == "1"
    page.context.close()


def test_apply_the_code_looks_like_a_button(chromium, live_server, desk):
    from .test_desk import email_order

    order = email_order(desk["rose"])
    page = login(chromium, live_server)
    page.goto(f"/desk/orders/{order.pk}/")
    button = page.locator("#promo-submit")
    background, colour = button.evaluate(
        "el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]")
    primary = page.locator("#confirm-submit").evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == primary and colour != background
    page.context.close()


def test_the_customer_message_is_previewed_as_sent_and_the_note_is_not(chromium, live_server,
                                                                     desk):
    from orders.tests.factories import CustomerFactory

    from .test_desk import email_order

    order = email_order(desk["rose"])
    order.customer = CustomerFactory(name="Ani Petrosyan", email="ani@example.am", language="en")
    order.save(update_fields=["customer"])
    page = login(chromium, live_server)
    page.goto(f"/desk/orders/{order.pk}/")
    page.check("#confirm input[value=not_reached]")
    page.fill("#confirm textarea[name=customer_message]", "Please call us back today.")
    page.fill("#confirm input[name=note]", "INTERNAL sounded upset")
    page.wait_for_selector("#confirm-preview .email-body:has-text('Please call us back today.')")
    preview = page.locator("#confirm-preview").inner_text()
    assert "could not reach you" in preview and "INTERNAL" not in preview
    page.click("#confirm-submit")
    page.wait_for_selector("text=Call outcome saved")

    message = OutboxMessage.objects.get(about=f"order:{order.pk}", kind="not_reached")
    body, subject = message.payload["body"], message.payload["subject"]
    assert "Please call us back today." in body and "INTERNAL" not in body
    assert subject in preview  # the e-mail queued is the one previewed
    page.context.close()
