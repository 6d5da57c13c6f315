"""The customer's side in a real browser: the status page opened from the confirmation
e-mail passes axe-core in hy, ru and en and runs under the Content-Security-Policy; the
customer asks a question from it and rates a delivered order; the managers' feedback page
passes axe too."""

import re

import pytest
from django.core import mail

from orders.domain_events import CustomerQuestion
from tests.browser.test_accessibility import Audit
from tests.browser.test_csp import RECORD, _violations
from tests.browser.test_desk import chromium, desk, login  # noqa: F401 - fixtures
from tests.events import heard

pytestmark = [pytest.mark.browser, pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_customer_opens_the_page_from_the_e_mail_and_asks(chromium, live_server, desk,  # noqa: F811
                                                              settings):
    from desk.tests.conftest import make_order
    from orders.services import order_confirm_call

    settings.SITE_URL = live_server.url
    with heard(CustomerQuestion) as asked:
        order = make_order(desk["rose"])
        order_confirm_call(order_id=order.pk, reached=True)
        [confirmation] = [m for m in mail.outbox if order.number in m.subject]
        link = re.search(r"https?://\S+/s/\S+/", confirmation.body).group(0)

        audit = Audit()
        page = chromium.new_context().new_page()
        page.context.add_init_script(RECORD)
        page.goto(link)
        assert order.number in page.inner_text("h1")
        for language in ("hy", "ru", "en"):
            page.goto(f"{link}?lang={language}")
            assert page.locator("html").get_attribute("lang") == language
            audit.check(page, f"status page [{language}]")
        page.fill("textarea[name=text]", "Can the courier call before coming?")
        page.click("form:has(input[value=ask]) button[type=submit]")
        page.wait_for_selector(".c-ok")
        audit.check(page, "status page, question sent")
        page.goto(link[:-3] + "xyz/")
        audit.check(page, "status page, bad link")
        assert _violations(page) == []
        audit.assert_clean()
        assert asked == [CustomerQuestion(order_id=order.pk, language="en",
                                          text="Can the courier call before coming?")]
        page.context.close()


def test_rating_from_the_page_and_the_managers_feedback_page(chromium, live_server, desk):  # noqa: F811
    from core.tests.factories import UserFactory
    from customers import services
    from customers.models import Feedback
    from delivery.models import Courier
    from delivery.services import courier_assign, delivery_dispatch, delivery_finish
    from desk.tests.conftest import make_order
    from orders.links import rating_url
    from orders.models import Status

    order = make_order(desk["rose"], status=Status.ASSEMBLING)
    courier_assign(order_id=order.pk, courier_id=Courier.objects.get(name="Vahe").pk)
    delivery_finish(attempt_id=delivery_dispatch(order_id=order.pk).pk, delivered=True)
    services.feedback_request_send(order_id=order.pk)

    audit = Audit()
    page = chromium.new_context(base_url=live_server.url).new_page()
    page.goto(rating_url(order, 4).split("8000", 1)[-1] + "?lang=en")
    assert page.is_checked("input[name=rating][value='4']")
    audit.check(page, "status page, rating")
    page.fill("textarea[name=comment]", "Lovely roses")
    page.click("form:has(input[value=rate]) button[type=submit]")
    page.wait_for_selector(".c-ok")
    feedback = Feedback.objects.get(order=order)
    assert (feedback.rating, feedback.comment) == (4, "Lovely roses")
    page.context.close()

    UserFactory(username="mina", role="manager", language="en")
    manager = login(chromium, live_server, "mina")
    manager.goto("/desk/feedback/")
    assert "Vahe" in manager.inner_text("main")
    audit.check(manager, "feedback page")
    audit.assert_clean()
