"""/desk/control/: who may see it, what each item shows, resolving from the page, the managers'
banner, the queue's count, and a fixed number of queries at two sizes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import OutboxMessage
from core.tests.factories import UserFactory
from delivery.control.services import control_list_build
from delivery.models import ControlItem, DeliveryAttempt
from delivery.services import courier_assign, delivery_dispatch, delivery_finish
from delivery.tests.factories import CourierFactory
from orders.models import Status
from orders.tests.factories import CustomerFactory, OrderFactory

pytestmark = pytest.mark.django_db
URL = "/desk/control/"
# user, groups, the page of items (with order, customer, brand, owner), the couriers of the
# resolve forms, the counts (the session comes from the cache).
CONTROL_QUERIES = 5


def past_due(count, *, failed=0):
    yesterday = timezone.localdate() - timedelta(days=1)
    orders = [OrderFactory(status=Status.ASSEMBLING, delivery_date=yesterday,
                           customer=CustomerFactory(language="hy", email=f"c{n}@example.am"))
              for n in range(count)]
    for placed in orders[:failed]:
        courier_assign(order_id=placed.pk, courier_id=CourierFactory().pk)
        attempt = delivery_dispatch(order_id=placed.pk)
        delivery_finish(attempt_id=attempt.pk, delivered=False,
                        failure_reason=DeliveryAttempt.FailureReason.WRONG_ADDRESS,
                        note="Building 7 does not exist")
    control_list_build()
    return orders


def overdue():
    ControlItem.objects.update(deadline=timezone.now() - timedelta(minutes=1))


def test_anonymous_goes_to_login_and_a_user_without_a_role_is_refused(client):
    assert client.get(URL).status_code == 302
    client.force_login(UserFactory(username="nobody"))
    assert client.get(URL).status_code == 403
    assert client.post(f"{URL}1/resolve/").status_code == 403


@pytest.mark.parametrize("role", ["operator", "manager"])
def test_operators_and_managers_see_the_list_with_what_is_known(client, role):
    client.force_login(UserFactory(role=role))
    past_due(2, failed=1)
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Building 7 does not exist" in text and "wrong address" in text
    assert len(response.context["rows"]) == 2


def test_mine_and_overdue_filter(client_operator, operator_user):
    past_due(3)
    mine = client_operator.get(URL, {"show": "mine"}).context["rows"]
    assert {row["item"].owner for row in mine} == {operator_user} and len(mine) == 3
    assert client_operator.get(URL, {"show": "overdue"}).context["rows"] == []
    overdue()
    assert len(client_operator.get(URL, {"show": "overdue"}).context["rows"]) == 3
    # Anything else is "all", never an error.
    assert client_operator.get(URL, {"show": "<script>"}).status_code == 200


def test_resolving_from_the_page_tells_the_customer(client_operator, operator_user):
    placed = past_due(1, failed=1)[0]
    item = ControlItem.objects.get()
    response = client_operator.post(f"{URL}{item.pk}/resolve/?show=mine", {
        "resolution": "sent_again", "contact": "called_reached", "note": "Tomorrow at 10.",
        "courier": str(placed.assignment.courier_id),
        "delivery_date": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "window_from": "10:00", "window_until": "13:00"})
    assert response.status_code == 302 and response["Location"] == f"{URL}?show=mine"
    item.refresh_from_db()
    assert (item.resolution, item.resolved_by) == ("sent_again", operator_user)
    mail = OutboxMessage.objects.get(kind="control_resolved")
    assert mail.payload["language"] == "hy" and "Tomorrow at 10." in mail.payload["body"]
    assert client_operator.get(URL).context["rows"] == []


@pytest.mark.parametrize("data", [
    {},
    {"resolution": "sent_again", "contact": "emailed", "note": "x"},            # no date
    {"resolution": "sent_again", "contact": "emailed", "note": "x",
     "delivery_date": "9999-01-01"},
    {"resolution": "sent_again", "contact": "emailed", "note": "x",
     "delivery_date": "2026-13-45", "courier": "abc"},
    {"resolution": "delivered_late", "contact": "emailed", "note": "x"},        # no time
    {"resolution": "cancelled", "contact": "emailed", "note": "x"},             # no reason
    {"resolution": "refunded", "contact": "emailed", "note": "x" * 5000},
    {"resolution": "refunded", "contact": "smoke", "note": "x"},
    {"resolution": "", "contact": "emailed", "note": "x", "reason": "x"},
    {"resolution": "refunded", "contact": "", "note": "x"},
])
def test_an_incomplete_resolution_is_shown_again_never_a_500(client_operator, data):
    past_due(1, failed=1)
    item = ControlItem.objects.get()
    response = client_operator.post(f"{URL}{item.pk}/resolve/", data)
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.is_open and not OutboxMessage.objects.filter(kind="control_resolved").exists()


def test_a_refusal_of_the_service_is_a_message(client_operator):
    placed = past_due(1)[0]
    courier_assign(order_id=placed.pk, courier_id=CourierFactory().pk)
    delivery_dispatch(order_id=placed.pk)  # on the road: it cannot be sent again
    item = ControlItem.objects.get()
    response = client_operator.post(f"{URL}{item.pk}/resolve/", {
        "resolution": "sent_again", "contact": "emailed", "note": "x",
        "delivery_date": timezone.localdate().isoformat()}, follow=True)
    assert "still on the road" in response.content.decode()
    item.refresh_from_db()
    assert item.is_open


def test_a_missing_item_is_a_404(client_operator):
    assert client_operator.post(f"{URL}999999/resolve/", {}).status_code == 404


def test_managers_get_a_banner_of_overdue_items_operators_do_not(operator_user, manager_user):
    manager, operator = Client(), Client()
    manager.force_login(manager_user)
    operator.force_login(operator_user)
    past_due(2)
    assert "past their deadline." not in manager.get("/desk/").content.decode()
    overdue()
    assert "2 control items are past their deadline." in manager.get("/desk/").content.decode()
    assert "past their deadline." in manager.get("/desk/leads/").content.decode()
    assert "past their deadline." not in operator.get("/desk/").content.decode()


def test_the_queue_shows_the_count(client_operator):
    past_due(3)
    text = client_operator.get(reverse("desk:queue")).content.decode()
    assert "Next-morning control: 3 orders to check" in text


def test_a_managers_queue_with_the_banner_counts_once(client_manager,
                                                      django_assert_max_num_queries):
    from desk.tests.test_queries import QUEUE_QUERIES

    past_due(3)
    overdue()
    client_manager.get(reverse("desk:queue"))
    with django_assert_max_num_queries(QUEUE_QUERIES):
        text = client_manager.get(reverse("desk:queue")).content.decode()
    assert "3 control items are past their deadline." in text


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_is_a_fixed_number_of_queries(client_manager, size,
                                               django_assert_max_num_queries):
    UserFactory(role="operator")
    past_due(size, failed=size // 3)
    overdue()
    client_manager.get(URL)  # warm the session
    with django_assert_max_num_queries(CONTROL_QUERIES):
        response = client_manager.get(URL)
    assert len(response.context["rows"]) == size


def test_query_counts_are_equal_at_both_sizes(client_manager):
    counts = []
    for size in (3, 30):
        past_due(size, failed=2)
        client_manager.get(URL)
        with CaptureQueriesContext(connection) as queries:
            client_manager.get(URL, {"show": "overdue"})
        counts.append(len(queries))
    assert counts[0] == counts[1]
