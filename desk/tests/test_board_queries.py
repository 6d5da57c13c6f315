"""The delivery board and a run sheet cost a fixed number of queries, whatever the number of
orders (pinned at two sizes, like test_queries.py). The courier's own page is pinned in
delivery/tests/views/test_courier.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delivery.tests.factories import CourierFactory
from delivery.tests.road import fill_today

pytestmark = pytest.mark.django_db

# user, groups, the day's orders (with courier, last failure and attempt on the road), the
# active couriers of the select (the session comes from the cache).
BOARD_QUERIES = 4
# user, groups, the courier, the stops.
SHEET_QUERIES = 4


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
    fill_today(size, couriers)
    url = reverse("desk:delivery")
    client_operator.get(url)
    with django_assert_max_num_queries(BOARD_QUERIES):
        response = client_operator.get(url)
    assert sum(group.count for group in response.context["groups"]) == size


@pytest.mark.parametrize("size", [5, 40])
def test_the_run_sheet_is_a_fixed_number_of_queries(client_operator, size,
                                                    django_assert_max_num_queries):
    couriers = [CourierFactory()]
    fill_today(size, couriers)
    sheet = reverse("desk:run_sheet", args=[timezone.localdate(), couriers[0].pk])
    client_operator.get(sheet)
    with django_assert_max_num_queries(SHEET_QUERIES):
        assert client_operator.get(sheet).status_code == 200


def test_the_counts_do_not_grow_at_all(client_operator):
    counts = []
    couriers = [CourierFactory() for _ in range(3)]
    for size in (5, 40):
        fill_today(size, couriers)
        counts.append(_count(client_operator, reverse("desk:delivery")))
    assert counts[0] == counts[1]
