"""What a new operator, manager and customer hit (issue 17), in a real browser, each screen
checked by axe-core too: nothing is chosen for the operator on the confirm form."""

from tests.browser.test_accessibility import Audit

# chromium and desk are fixtures; pytestmark carries the marks of every browser test.
from tests.browser.test_desk import chromium, desk, email_order, login, pytestmark  # noqa: F401


def test_the_call_outcome_is_chosen_by_the_operator(chromium, live_server, desk):  # noqa: F811
    order = email_order(desk["rose"])
    page = login(chromium, live_server)
    page.goto(f"/desk/orders/{order.pk}/")
    assert not page.is_checked("#confirm input[value=reached]")
    assert not page.is_checked("#confirm input[value=not_reached]")
    assert "Choose the call" in page.locator("#confirm-preview").inner_text()
    audit = Audit()
    audit.check(page, "order page, no outcome chosen")
    page.click("#confirm-submit")  # the browser refuses: an outcome is required
    assert page.locator("#order-status").inner_text() == "new"
    order.refresh_from_db()
    assert order.status == "new" and not order.events.filter(kind="stock_reserved").exists()
    page.check("#confirm input[value=reached]")
    page.click("#confirm-submit")
    page.wait_for_selector("text=Call outcome saved")
    assert page.locator("#order-status").inner_text() == "confirmed"
    audit.assert_clean()
    page.context.close()


def test_the_status_page_names_the_items_in_the_readers_language(chromium, live_server, desk):  # noqa: F811
    from orders.links import status_path

    rose = desk["rose"]
    rose.name_ru, rose.name_hy = "25 красных роз", "25 կարմիր վարդ"
    rose.save(update_fields=["name_ru", "name_hy"])
    order = email_order(rose)
    audit = Audit()
    page = chromium.new_context(base_url=live_server.url).new_page()
    for language, name in (("ru", "25 красных роз"), ("hy", "25 կարմիր վարդ"),
                           ("en", "25 red roses")):
        page.goto(f"{status_path(order)}?lang={language}")
        assert page.locator(".c-lines").inner_text() == f"1 × {name}"
        audit.check(page, f"status page [{language}]")
    audit.assert_clean()
    page.context.close()


def test_a_russian_operator_reads_what_an_armenian_one_did(chromium, live_server, desk):  # noqa: F811
    """The timeline says the desk's words in the reader's language, and names people."""
    from django.utils import translation

    from core.models import User
    from orders.services import order_confirm_call

    order = email_order(desk["rose"])
    armenian = User.objects.get(username="olga")
    User.objects.filter(pk=armenian.pk).update(first_name="Olga", last_name="Sargsyan",
                                              language="hy")
    with translation.override("hy"):
        order_confirm_call(order_id=order.pk, reached=False, actor=armenian)
    User.objects.filter(username="anna").update(first_name="Anna", last_name="Hakobyan",
                                                language="ru")
    page = login(chromium, live_server, "anna")
    page.goto(f"/desk/orders/{order.pk}/")
    timeline = page.locator("#timeline").inner_text()
    with translation.override("ru"):
        assert translation.gettext("Called, no answer.") in timeline
    with translation.override("hy"):
        assert translation.gettext("Called, no answer.") not in timeline
    assert "Olga Sargsyan" in timeline and "olga" not in timeline
    audit = Audit()
    audit.check(page, "order page, timeline [ru]")
    audit.assert_clean()
    page.context.close()


def test_a_message_read_in_part_comes_to_review_filled_in(chromium, live_server, desk):  # noqa: F811
    """The review form holds everything the reader could read and marks what it could not."""
    from datetime import timedelta

    from django.utils import timezone

    from channels_intake.tests.test_review import review_item
    from orders.normalized import Item
    from orders.tests.factories import normalized_order

    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    item = review_item(reason="item line not understood: Balloons | a few", parsed=normalized_order(
        items=(Item(sku="BR-ROSE", quantity=1, unit_price="20000"),), delivery_fee="1000",
        total=None, delivery_date=tomorrow, extra={"unread": ["items", "total"]}).to_json())
    page = login(chromium, live_server)
    page.goto(f"/desk/review/{item.pk}/")
    assert page.input_value("#id_customer_phone") == "+374 91 123456"
    assert page.input_value("#id_recipient_address") == "Yerevan, Tumanyan 8"
    assert page.input_value("#id_stated-delivery_fee") == "1000"
    assert page.get_attribute("#id_stated-total", "aria-invalid") == "true"
    assert page.is_visible("#id_stated-total-unread") and page.is_visible("#stated-lines-unread")
    assert page.get_attribute("#id_customer_phone", "aria-invalid") is None
    audit = Audit()
    audit.check(page, "review item read in part")
    page.fill("#id_stated-total", "21000")
    page.click("#review-save")
    page.wait_for_selector("#order-status")
    assert page.locator("#order-total").inner_text() == "AMD\u00a021,000"
    audit.assert_clean()
    page.context.close()
