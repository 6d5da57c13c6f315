"""The delivery board, a run sheet and a courier's own page cost a fixed number of queries,
whatever the number of orders (pinned at two sizes, like test_queries.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delivery.runs import courier_link_token
from delivery.services import courier_assign, delivery_dispatch
from delivery.tests.factories import CourierFactory
from orders.models import PaymentMethod, Status
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

# user, groups, the day's orders (with courier, last failure and attempt on the road), the
# active couriers of the select (the session comes from the cache).
BOARD_QUERIES = 4
# user, groups, the courier, the stops.
SHEET_QUERIES = 4
# the courier, the stops, their brands' photo switches (no session: no login).
COURIER_PAGE_QUERIES = 3


def _fill(count, couriers):
    today = timezone.localdate()
    for n in range(count):
        status = [Status.CONFIRMED, Status.ASSEMBLING, Status.NEW][n % 3]
        order = OrderFactory(delivery_date=today, status=status,
                             payment_method=PaymentMethod.CASH if n % 2 else PaymentMethod.CARD)
        if status != Status.NEW:
            courier_assign(order_id=order.pk, courier_id=couriers[n % len(couriers)].pk)
        if status == Status.ASSEMBLING:
            delivery_dispatch(order_id=order.pk)


def _count(client, url):
    client.get(url)  # warm the session and the caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [5, 40])
def test_the_board_is_a_fixed_number_of_queries(client_operator, size,
                                                django_assert_max_num_queries):
    couriers = [CourierFactory() for _ in range(3)]
    _fill(size, couriers)
    url = reverse("desk:delivery")
    client_operator.get(url)
    with django_assert_max_num_queries(BOARD_QUERIES):
        response = client_operator.get(url)
    assert sum(group.count for group in response.context["groups"]) == size


@pytest.mark.parametrize("size", [5, 40])
def test_the_run_sheet_and_courier_page_are_a_fixed_number_of_queries(
        client_operator, client, size, django_assert_max_num_queries):
    couriers = [CourierFactory()]
    _fill(size, couriers)
    day = timezone.localdate()
    sheet = reverse("desk:run_sheet", args=[day, couriers[0].pk])
    client_operator.get(sheet)
    with django_assert_max_num_queries(SHEET_QUERIES):
        assert client_operator.get(sheet).status_code == 200
    client_operator.logout()
    page = reverse("courier:page", args=[courier_link_token(courier_id=couriers[0].pk, day=day)])
    with django_assert_max_num_queries(COURIER_PAGE_QUERIES):
        response = client.get(page)
    assert len(response.context["stops"]) == sum(1 for n in range(size) if n % 3 != 2)


def test_the_counts_do_not_grow_at_all(client_operator):
    counts = []
    couriers = [CourierFactory() for _ in range(3)]
    for size in (5, 40):
        _fill(size, couriers)
        counts.append(_count(client_operator, reverse("desk:delivery")))
    assert counts[0] == counts[1]
