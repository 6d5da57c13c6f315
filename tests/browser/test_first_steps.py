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
