"""The Content-Security-Policy in a real browser: the desk (htmx included), the admin and the
API docs work under it, and nothing on them is refused."""

import pytest

from tests.browser.test_desk import chromium, desk, login  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Runs before any page script, outside the page's policy: records every violation.
RECORD = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile);
});
"""


def _violations(page) -> list[str]:
    return page.evaluate("window.__violations")


def test_the_desk_works_under_the_policy(chromium, live_server, desk):  # noqa: F811
    page = login(chromium, live_server)
    page.context.add_init_script(RECORD)
    page.goto("/desk/")
    page.wait_for_selector("#queue-list")
    assert _violations(page) == []
    page.goto("/desk/new/")
    page.fill("input[name='qty:BR-ROSE']", "1")  # htmx loads the add-on panel
    page.wait_for_selector("#quick-addons input[name='addon:BR-BALLOON']")
    assert _violations(page) == []


def test_the_admin_and_the_api_docs_work_under_the_policy(chromium, live_server, desk):  # noqa: F811
    from core.tests.factories import UserFactory

    UserFactory(username="root", is_staff=True, is_superuser=True)
    page = login(chromium, live_server, username="root")
    page.context.add_init_script(RECORD)
    page.goto("/admin/channels_intake/webhookendpoint/add/")
    page.wait_for_selector("#webhookendpoint_form")
    page.goto("/admin/orders/order/")
    page.wait_for_selector("#changelist")
    assert _violations(page) == []
    page.goto("/api/v1/docs/")
    page.wait_for_selector("#swagger-ui .info", timeout=20_000)  # rendered by its own script
    assert _violations(page) == []
