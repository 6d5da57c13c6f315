"""The inquiries screen in Chromium: a question from the status page shows under order
questions with its clock; the operator answers with a ready answer inserted by keyboard; the
customer's e-mail reply lands in the thread; the operator closes it. Every inquiries screen
passes axe with 0 violations in en, hy and ru."""

import pytest

from tests.browser.test_accessibility import Audit
from tests.browser.test_csp import RECORD
from tests.browser.test_desk import chromium, desk, login  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def question(desk):  # noqa: F811
    from customers.services import customer_question_ask
    from inquiries.models import Inquiry
    from inquiries.tests.factories import CallTopicFactory, ReadyAnswerFactory
    from orders.tests.factories import CustomerFactory, OrderFactory

    order = OrderFactory(customer=CustomerFactory(name="Ani", email="ani@example.am",
                                                  language="en"))
    customer_question_ask(order_id=order.pk, text="When will my roses arrive?", language="en")
    ReadyAnswerFactory(topic="delivery", title="When will it arrive",
                       text_en="Dear {customer_name}, order {order_number} comes on "
                               "{delivery_date}.")
    ReadyAnswerFactory(topic="payment", title="Payment received", text_en="Paid, thanks.")
    CallTopicFactory(name="Job application", forward_to="hr@rg.example")
    return {"order": order, "inquiry": Inquiry.objects.get()}


def test_an_order_question_answered_with_a_ready_answer_and_closed(chromium, live_server,  # noqa: F811
                                                                   question):
    from inquiries.models import InquiryState
    from inquiries.services import inquiry_mail_receive

    inquiry, order = question["inquiry"], question["order"]
    page = login(chromium, live_server)
    page.context.add_init_script(RECORD)  # every CSP violation (the ready answers' script)
    page.goto("/desk/inquiries/?tab=order")
    row = page.locator(f"#inq-{inquiry.pk}")
    assert "INQ-" in row.inner_text() and ":" in row.locator("td").last.inner_text()
    row.locator("a").first.click()
    page.wait_for_selector("#thread")
    assert "When will my roses arrive?" in page.inner_text("#thread")
    page.fill("#answer-search", "arrive")
    page.press("#answer-search", "Enter")
    assert "{customer_name}" in page.input_value("#reply-text")
    page.click("#reply-form button[type=submit]")
    page.wait_for_selector(".messages .success")
    assert f"Dear Ani, order {order.number} comes on" in page.inner_text("#thread")
    assert page.evaluate("window.__violations") == []

    reply = inquiry.messages.get(direction="out")
    inquiry_mail_receive(sender="ani@example.am", subject="Re: your answer", text="Thank you!",
                         message_id="<thanks@example.am>", in_reply_to=reply.message_id)
    page.reload()
    assert "Thank you!" in page.inner_text("#thread")
    page.select_option("#id_outcome", "resolved")
    page.click("#close-form button[type=submit]")
    page.wait_for_selector(".messages .success")
    inquiry.refresh_from_db()
    assert inquiry.state == InquiryState.CLOSED


def test_the_inquiries_screens_pass_axe(chromium, live_server, question):  # noqa: F811
    from core.models import User
    from core.tests.factories import UserFactory

    audit = Audit()
    inquiry = question["inquiry"]
    for language in ("en", "hy", "ru"):
        User.objects.filter(username="anna").update(language=language)
        page = login(chromium, live_server)
        for tab in ("order", "product", "call", "archive"):
            page.goto(f"/desk/inquiries/?tab={tab}")
            audit.check(page, f"inquiries {tab} [{language}]")
        page.goto(f"/desk/inquiries/{inquiry.pk}/")
        audit.check(page, f"inquiry [{language}]")
        page.fill("#reply-text", "Hello {nickname}")
        page.click("#reply-form button[type=submit]")
        page.wait_for_selector(".messages .error")
        audit.check(page, f"inquiry with a refused reply [{language}]")
        page.context.close()
    UserFactory(username="mina", role="manager", language="en")
    manager = login(chromium, live_server, "mina")
    manager.goto("/desk/inquiries/speed/")
    audit.check(manager, "reply speed")
    manager.context.close()
    audit.assert_clean()


def test_a_suspected_reply_and_its_raw_mail_pass_axe(chromium, live_server, question):  # noqa: F811
    """Issue 17: a person's mail to the order mailbox naming Ani's thread from another address
    opens its own inquiry, which shows the suspected thread and links the raw mail."""
    from channels_intake.services.inbound import inbound_process
    from channels_intake.services.store import inbound_store
    from channels_intake.tests.factories import SourceFactory
    from inquiries.models import Inquiry
    from inquiries.services import subject_tag

    raw = (f"From: Eve <eve@evil.example>\r\nTo: orders@rg.example\r\n"
           f"Subject: Re: {subject_tag(question['inquiry'])}\r\nMessage-ID: <eve1@evil.example>\r\n"
           f"\r\nPlease send the roses to my address instead.\r\n").encode()
    stored = inbound_store(source=SourceFactory(name="orders-box"), raw=raw)
    inbound_process(message=stored.message)
    forged = Inquiry.objects.get(suspected_thread=question["inquiry"])
    audit = Audit()
    page = login(chromium, live_server)
    page.goto(f"/desk/inquiries/{forged.pk}/")
    assert "Possibly a reply to inquiry" in page.inner_text("#suspected-thread")
    audit.check(page, "inquiry with a suspected thread")
    page.click(f"a[href='/desk/review/{stored.message.pk}/']")
    page.wait_for_selector("pre")
    assert "send the roses to my address" in page.inner_text("pre")
    audit.check(page, "the raw mail of an inquiry")
    page.context.close()
    audit.assert_clean()
