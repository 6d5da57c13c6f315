"""The managers' dashboard in Chromium: a manager lands on it after login, it passes axe-core
with 0 violations in every language, the chart is drawn (no script, nothing blocked by the
CSP), and an operator sees the delivery part only."""

from datetime import timedelta

import pytest

from tests.browser.test_accessibility import LANGUAGES, Audit
from tests.browser.test_desk import chromium, desk, login  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_dashboard_in_chromium(chromium, live_server, desk):  # noqa: F811
    from core.models import User
    from core.tests.factories import UserFactory
    from delivery.tests.dashboard_data import D, build

    build()
    UserFactory(username="mina", role="manager", language="en")
    query = f"?date_from={D.isoformat()}&date_to={(D + timedelta(days=1)).isoformat()}"
    audit = Audit()
    for language in LANGUAGES:
        User.objects.filter(username="mina").update(language=language)
        page = login(chromium, live_server, "mina")
        blocked = []
        page.on("console", lambda message, seen=blocked: seen.append(message.text)
                if "Content Security Policy" in message.text else None)
        assert page.url.endswith("/desk/dashboard/")  # where a manager lands
        page.goto(f"/desk/dashboard/{query}")
        assert page.locator("svg.dash-chart rect.bar").count() == 2
        assert page.locator("#dash-delivery tbody tr").first.inner_text().split()[-1] == "7"
        audit.check(page, f"dashboard (manager) [{language}]")
        page.locator("details summary").click()
        audit.check(page, f"dashboard with the chart's table [{language}]")
        assert not blocked, blocked
        page.context.close()
    operator = login(chromium, live_server, "anna")
    operator.goto(f"/desk/dashboard/{query}")
    assert operator.locator("#dash-couriers").count() == 0
    assert operator.locator("#dash-delivery").count() == 1
    audit.check(operator, "dashboard (operator)")
    operator.context.close()
    audit.assert_clean()
