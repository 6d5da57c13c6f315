"""The inquiries desk: roles, tabs with the clock, reply/close through the pages, the call
form, reply speed and its CSV, fixed query counts at two sizes."""

import csv
import io
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from core.models import OutboxMessage
from inquiries.clock import is_holiday
from inquiries.models import Inquiry, InquiryState
from inquiries.services import inquiry_open, inquiry_reply
from inquiries.tests.factories import CallTopicFactory, ReadyAnswerFactory, weekday_hours
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db
YVN = ZoneInfo("Asia/Yerevan")

LIST_QUERIES = 6  # user, groups, rows, working hours, peak days, tab counts
DETAIL_QUERIES = 7  # user, groups, inquiry, hours, peak days, thread, answers
SPEED_QUERIES = 9  # user, groups, two aggregates per grouping, operator names
MANAGER = 1  # a manager's page also counts the overdue control items for the banner


def _working_weekday():
    """The first Monday to Friday after today that is no Armenian public holiday: open all day
    with weekday_hours()."""
    day = timezone.localdate() + timedelta(days=1)
    while day.weekday() >= 5 or is_holiday(day):
        day += timedelta(days=1)
    return day


DAY = _working_weekday()


def at(hour, minute=0):
    return datetime.combine(DAY, time(hour, minute), YVN)


def _fill(count):
    order = OrderFactory(customer__email="c@example.am")
    for n in range(count):
        tab = ("order", "product", "call")[n % 3]
        inquiry_open(tab=tab, channel="email" if tab != "call" else "phone", text=f"Q{n}",
                     email=f"a{n}@example.com", phone="+37491000111",
                     order_id=order.pk if tab == "order" else None)
    return order


@pytest.mark.parametrize("name", ["desk:inquiries", "desk:inquiry_speed"])
def test_a_user_without_a_role_is_refused(client, name):
    client.force_login(get_user_model().objects.create(username="nobody"))
    assert client.get(reverse(name)).status_code == 403


def test_operators_do_not_see_reply_speed(client_operator):
    assert client_operator.get(reverse("desk:inquiry_speed")).status_code == 403


def test_overdue_rise_to_the_top_and_show_on_the_queue(client_operator):
    weekday_hours(("09:00", "13:00"), ("14:00", "18:00"))
    with time_machine.travel(at(9), tick=False):
        late = inquiry_open(tab="call", channel="phone", text="old", phone="+37491000222")
    with time_machine.travel(at(12), tick=False):
        fresh = inquiry_open(tab="call", channel="phone", text="new", phone="+37491000333")
        response = client_operator.get(reverse("desk:inquiries"), {"tab": "call"})
        rows = response.context["rows"]
        assert [row["id"] for row in rows] == [late.pk, fresh.pk]
        assert rows[0]["overdue"] and rows[0]["left"] == "−1:00"
        assert rows[1]["left"] == "2:00"
        queue = client_operator.get(reverse("desk:queue"))
    assert queue.context["inquiries_overdue"] == 1
    assert b"queue-inq-overdue" in queue.content


def test_overdue_by_working_time(client_operator):
    weekday_hours(("09:00", "13:00"), ("14:00", "18:00"))
    with time_machine.travel(at(9), tick=False):
        inquiry_open(tab="call", channel="phone", text="old", phone="+37491000222")
    with time_machine.travel(at(15, 30), tick=False):
        response = client_operator.get(reverse("desk:inquiries"), {"tab": "call"})
    assert response.context["rows"][0]["left"] == "−3:30"  # due 11:00; to 15:30 less lunch


@pytest.mark.parametrize("tab", ["order", "product", "call", "archive"])
def test_every_tab_renders(client_operator, tab):
    _fill(3)
    assert client_operator.get(reverse("desk:inquiries"), {"tab": tab}).status_code == 200


def test_unknown_tab_and_hostile_input_are_not_500(client_operator):
    assert client_operator.get(reverse("desk:inquiries"), {"tab": "x"}).status_code == 404
    assert client_operator.get(reverse("desk:inquiries"),
                               {"tab": "archive", "q": "\x00" * 500}).status_code in (200, 400)
    assert client_operator.get(reverse("desk:inquiry", args=[999999])).status_code == 404
    assert client_operator.post(reverse("desk:inquiry_action", args=[1, "nope"])).status_code == 404


def test_reply_close_and_archive_through_the_pages(client_operator, operator_user):
    order = OrderFactory(customer__email="ani@example.am", customer__name="Ani")
    inquiry = inquiry_open(tab="order", channel="status_page", text="When?", order_id=order.pk)
    ReadyAnswerFactory(text_en="Dear {customer_name}, order {order_number} is on its way.")
    page = client_operator.get(reverse("desk:inquiry", args=[inquiry.pk]))
    assert page.status_code == 200 and b"inquiry_answers.js" in page.content
    refused = client_operator.post(reverse("desk:inquiry_action", args=[inquiry.pk, "reply"]),
                                   {"text": "Hello {nickname}"}, follow=True)
    assert "{nickname}" in refused.content.decode() and not OutboxMessage.objects.exists()
    client_operator.post(reverse("desk:inquiry_action", args=[inquiry.pk, "reply"]),
                         {"text": "Dear {customer_name}, order {order_number} is on its way."})
    assert OutboxMessage.objects.get().payload["body"] == f"Dear Ani, order {order.number} is on its way."
    client_operator.post(reverse("desk:inquiry_action", args=[inquiry.pk, "close"]),
                         {"outcome": "resolved", "note": ""})
    inquiry.refresh_from_db()
    assert inquiry.state == InquiryState.CLOSED and inquiry.owner == operator_user
    archive = client_operator.get(reverse("desk:inquiries"), {"tab": "archive", "q": "ani@"})
    assert [row["id"] for row in archive.context["rows"]] == [inquiry.pk]


def test_the_call_form_forwards_and_logs(client_operator):
    topic = CallTopicFactory(name="Complaint about a courier", forward_to="quality@rg.example")
    response = client_operator.post(reverse("desk:inquiry_call"), {
        "topic": topic.pk, "caller": "Aram", "phone": "+37491222333", "details": "Rude."})
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.state == InquiryState.CLOSED and inquiry.call_topic == topic
    assert OutboxMessage.objects.get().recipient == "quality@rg.example"
    bad = client_operator.post(reverse("desk:inquiry_call"), {"topic": "x", "caller": ""})
    assert bad.status_code == 302 and Inquiry.objects.count() == 1


def test_a_chat_question_records_when_the_customer_wrote(client_operator):
    from catalog.tests.factories import ProductFactory

    peony = ProductFactory(sku="PE-1")
    with time_machine.travel(at(12), tick=False):
        client_operator.post(reverse("desk:inquiry_new"), {
            "channel": "chat", "name": "Lilit", "phone": "+37491444555",
            "wrote_at": f"{DAY}T11:30", "text": "Do you have peonies?", "sku": "pe-1"})
    inquiry = Inquiry.objects.get()
    assert inquiry.product == peony
    assert inquiry.customer_wrote_at == at(11, 30)
    assert inquiry.tab == "product" and inquiry.channel == "chat"


def test_reply_speed_csv_holds_exactly_the_screen(client_manager, manager_user):
    weekday_hours(("09:00", "18:00"))
    with time_machine.travel(at(10), tick=False):
        first = inquiry_open(tab="call", channel="phone", text="Q", email="a@example.com")
        second = inquiry_open(tab="product", channel="email", text="Q", email="b@example.com")
    with time_machine.travel(at(11), tick=False):
        inquiry_reply(inquiry_id=first.pk, text="A", actor=manager_user)
    with time_machine.travel(at(17), tick=False):
        inquiry_reply(inquiry_id=second.pk, text="A", actor=manager_user)
        params = {"since": (DAY - timedelta(days=2)).isoformat(), "until": DAY.isoformat()}
        page = client_manager.get(reverse("desk:inquiry_speed"), params)
        exported = client_manager.get(reverse("desk:inquiry_speed"), {**params, "format": "csv"})
    screen = [(name, cells) for name, rows in page.context["groups"] for cells in rows]
    lines = list(csv.reader(io.StringIO(exported.content.decode())))[1:]
    assert lines == [[str(name), *cells] for name, cells in screen]
    per_tab = dict((cells[0], cells) for name, cells in screen if name == "Per tab")
    assert per_tab["call centre"][2] == "60" and per_tab["call centre"][5] == "100"
    assert per_tab["product questions"][2] == "420" and per_tab["product questions"][5] == "0"
    assert client_manager.get(reverse("desk:inquiry_speed"),
                              {"since": (DAY + timedelta(days=2)).isoformat(),  # after until
                               "until": (DAY - timedelta(days=7 * 365)).isoformat()}
                              ).status_code == 400


@pytest.mark.parametrize("size", [3, 30])
def test_the_inquiry_pages_are_a_fixed_number_of_queries(client_manager, manager_user, size,
                                                         django_assert_max_num_queries):
    _fill(size)
    for _n in range(size // 3):
        ReadyAnswerFactory()
    inquiry = Inquiry.objects.filter(tab="order").first()
    for n in range(size):
        inquiry_open(tab="product", channel="chat", text=f"more {n}", phone="+37491000999")
    for name, params, bound in ((reverse("desk:inquiries"), {"tab": "order"}, LIST_QUERIES),
                                (reverse("desk:inquiries"), {"tab": "archive", "q": "a"}, LIST_QUERIES),
                                (reverse("desk:inquiry", args=[inquiry.pk]), {}, DETAIL_QUERIES),
                                (reverse("desk:inquiry_speed"), {}, SPEED_QUERIES)):
        client_manager.get(name, params)
        with django_assert_max_num_queries(bound + MANAGER):
            assert client_manager.get(name, params).status_code == 200


def test_actions_need_the_role_and_bad_input_is_never_a_500(client_operator):
    from django.test import Client

    inquiry = inquiry_open(tab="product", channel="email", text="Q", email="a@example.com")
    client = Client()
    client.force_login(get_user_model().objects.create(username="nobody"))
    for action in ("reply", "close", "wrote", "delete", "take"):
        url = reverse("desk:inquiry_action", args=[inquiry.pk, action])
        assert client.post(url, {"text": "x", "outcome": "resolved"}).status_code == 403
    for name in ("desk:inquiry_new", "desk:inquiry_call"):
        assert client.post(reverse(name), {}).status_code == 403
    url = reverse("desk:inquiry_action", args=[inquiry.pk, "reply"])
    assert client_operator.post(url, {"text": "x" * 6000}).status_code == 400
    assert client_operator.post(url, {"text": "a\x00b"}).status_code == 400
    close = reverse("desk:inquiry_action", args=[inquiry.pk, "close"])
    assert client_operator.post(close, {"outcome": "maybe"}).status_code == 400
    assert client_operator.post(reverse("desk:inquiry_new"), {
        "channel": "fax", "text": "x" * 9000, "wrote_at": "9999-99-99"}).status_code == 302
    assert client_operator.post(reverse("desk:inquiry_new"), {
        "channel": "chat", "phone": "+37491444555", "text": "Q", "sku": "NOPE"}).status_code == 302
    assert Inquiry.objects.count() == 1
    assert not OutboxMessage.objects.exists()


def test_reply_speed_page_counts_a_question_left_unanswered_past_its_promise(
        client_manager, manager_user):
    weekday_hours(("09:00", "18:00"), days=range(7))
    day = datetime.now(YVN).date() + timedelta(days=1)
    while is_holiday(day):
        day += timedelta(days=1)
    with time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=YVN), tick=False):
        answered = inquiry_open(tab="call", channel="phone", text="Q", email="a@example.com")
        inquiry_open(tab="call", channel="phone", text="Q", email="b@example.com")
        inquiry_reply(inquiry_id=answered.pk, text="A", actor=manager_user)
    with time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=YVN), tick=False):
        page = client_manager.get(reverse("desk:inquiry_speed"),
                                  {"since": day.isoformat(), "until": day.isoformat()})
    # By hand: one answered at once (met), one unanswered 3 h after a 2 h promise: 1 of 2.
    per_tab = dict((cells[0], cells) for name, rows in page.context["groups"]
                   if name == "Per tab" for cells in rows)
    assert per_tab["call centre"][5] == "50"


@pytest.mark.parametrize(("language", "topic", "title"), [
    ("hy", "Հարց պատվերի կամ գնի մասին", "Երբ կառաքվի"),
    ("ru", "Вопрос о заказе или цене", "Когда привезут"),
    ("en", "Order or price question", "When will it arrive")])
def test_demo_call_topics_and_ready_answers_read_in_the_operators_language(
        client, operator_user, language, topic, title):
    from inquiries.demo import inquiries_demo_seed
    from inquiries.models import CallTopic
    from inquiries.services import call_log

    inquiries_demo_seed()
    sales = CallTopic.objects.get(name_en="Order or price question")
    with translation.override("hy"):  # logged by someone reading Armenian
        inquiry = call_log(call_topic_id=sales.pk, caller_name="Aram", caller_phone="",
                           details="How much are 25 roses?", actor=operator_user)
    operator_user.language = language
    operator_user.save(update_fields=["language"])
    client.force_login(operator_user)
    page = client.get(reverse("desk:inquiry", args=[inquiry.pk])).content.decode()
    assert topic in page and title in page
    listed = client.get(reverse("desk:inquiries"), {"tab": "call"})
    assert [row["call_topic_name"] for row in listed.context["rows"]] == [topic]
    row = listed.content.decode().split(f'id="inq-{inquiry.pk}"')[1].split("</tr>")[0]
    assert topic in row
    form = client.get(reverse("desk:inquiries"), {"tab": "call"}).context["call_form"]
    assert topic in [label for _value, label in form.fields["topic"].choices]


def test_owners_are_shown_by_name_not_by_login(client_operator):
    """Issue 17: the login "operator" instead of "Anna"."""
    from core.tests.factories import UserFactory
    from inquiries.tests.factories import InquiryFactory

    anna = UserFactory(role="operator", username="operator", first_name="Anna",
                       last_name="Hakobyan")
    inquiry = InquiryFactory(owner=anna, state=InquiryState.OPEN)
    listing = client_operator.get(reverse("desk:inquiries"), {"tab": inquiry.tab})
    detail = client_operator.get(reverse("desk:inquiry", args=[inquiry.pk]))
    for page in (listing, detail):
        html = page.content.decode()
        assert "Anna Hakobyan" in html and ">operator<" not in html
