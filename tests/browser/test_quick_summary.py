"""Quick entry's running summary while the customer is on the line (issue 17): what is picked,
the add-ons and the total, as intake will count it, and axe-clean."""

import pytest

from tests.browser.test_accessibility import Audit
from tests.browser.test_desk import chromium, desk, login  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_summary_follows_the_picks_with_the_total(chromium, live_server, desk):  # noqa: F811
    page = login(chromium, live_server)
    page.goto("/desk/new/")
    summary = page.locator("#quick-summary")
    assert "Nothing picked yet" in summary.inner_text()

    page.fill("input[name='qty:BR-ROSE']", "2")
    page.wait_for_selector("#quick-addons input[name='addon:BR-BALLOON']")
    page.check("#quick-addons input[name='addon:BR-BALLOON']")
    # By hand: 2 × 20,000 roses + a 3,000 balloon add-on, no fee = 43,000.
    page.wait_for_selector("#quick-total:has-text('43,000')")
    text = summary.inner_text()
    assert "25 red roses" in text and "Heart balloon" in text and "add-on" in text
    assert page.locator("#quick-total").inner_text() == "AMD\u00a043,000"
    audit = Audit()
    audit.check(page, "quick entry with its summary")
    audit.assert_clean()

    page.fill("input[name='qty:BR-ROSE']", "1")
    page.wait_for_selector("#quick-total:has-text('23,000')")
    # No bouquet left: the balloon leaves the add-on panel, and the summary with it.
    page.fill("input[name='qty:BR-ROSE']", "0")
    page.wait_for_selector("#quick-addons:not(:has(input))")
    page.wait_for_selector("#quick-summary:has-text('Nothing picked yet')")
    page.context.close()
