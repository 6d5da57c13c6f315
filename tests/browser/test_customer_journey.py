"""Issue 13 end to end, in Chromium: a customer opens the status page from the confirmation
e-mail and asks a question; an operator sees it under order questions with its clock and
answers with a ready answer; the customer's e-mail reply lands in the thread; the operator
closes it."""

import re

import pytest
from django.core import mail

from tests.browser.test_desk import chromium, desk, login  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_customer_question_from_the_status_page_is_answered_and_closed(  # noqa: F811
        chromium, live_server, desk, settings):  # noqa: F811
    from desk.tests.conftest import make_order
    from inquiries.models import Inquiry, InquiryState, Tab
    from inquiries.services import inquiry_mail_receive
    from inquiries.tests.factories import ReadyAnswerFactory
    from orders.services import order_confirm_call
    from orders.tests.factories import CustomerFactory

    settings.SITE_URL = live_server.url
    ReadyAnswerFactory(topic="delivery", title="Courier calls first",
                       text_en="Dear {customer_name}, the courier will call before bringing "
                               "order {order_number} on {delivery_date}.")
    order = make_order(desk["rose"], customer=CustomerFactory(name="Ani", language="en",
                                                              email="ani@example.am"))
    order_confirm_call(order_id=order.pk, reached=True)
    [confirmation] = [m for m in mail.outbox if order.number in m.subject]
    link = re.search(r"https?://\S+/s/\S+/", confirmation.body).group(0)

    customer = chromium.new_context().new_page()
    customer.goto(link)
    customer.fill("textarea[name=text]", "Can the courier call before coming?")
    customer.click("form:has(input[value=ask]) button[type=submit]")
    customer.wait_for_selector(".c-ok")
    customer.context.close()
    inquiry = Inquiry.objects.get(order=order)
    assert inquiry.tab == Tab.ORDER

    page = login(chromium, live_server)
    page.goto("/desk/inquiries/?tab=order")
    row = page.locator(f"#inq-{inquiry.pk}")
    assert ":" in row.locator("td").last.inner_text()  # the working time left
    row.locator("a").first.click()
    page.wait_for_selector("#thread")
    assert "Can the courier call before coming?" in page.inner_text("#thread")
    page.fill("#answer-search", "courier")
    page.press("#answer-search", "Enter")
    page.click("#reply-form button[type=submit]")
    page.wait_for_selector(".messages .success")
    assert f"the courier will call before bringing order {order.number}" in page.inner_text(
        "#thread")
    answer = [m for m in mail.outbox if m.to == ["ani@example.am"]
              and "courier will call" in m.body]
    assert len(answer) == 1

    reply = inquiry.messages.get(direction="out")
    inquiry_mail_receive(sender="ani@example.am", subject="Re: " + answer[0].subject,
                         text="Thank you, that is perfect.", message_id="<thanks@example.am>",
                         in_reply_to=reply.message_id)
    page.reload()
    assert "Thank you, that is perfect." in page.inner_text("#thread")
    page.select_option("#id_outcome", "resolved")
    page.click("#close-form button[type=submit]")
    page.wait_for_selector(".messages .success")
    page.context.close()
    inquiry.refresh_from_db()
    assert inquiry.state == InquiryState.CLOSED
