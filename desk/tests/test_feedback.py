"""The managers' feedback page: ratings per brand, channel and courier, the response rate,
its CSV with the same figures, a fixed number of queries, managers only."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from customers.tests.factories import FeedbackFactory
from delivery.tests.factories import CourierFactory
from orders.tests.factories import BrandFactory, OrderFactory

pytestmark = pytest.mark.django_db
URL = "/desk/feedback/"


def _answered(rating, **fields):
    return FeedbackFactory(rating=rating, answered_at=timezone.now(), **fields)


def test_managers_only(client, client_operator):
    assert client_operator.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_ratings_per_brand_channel_courier_and_the_response_rate(client_manager):
    flowers, cakes = BrandFactory(code="flowers"), BrandFactory(code="cakes")
    anna = CourierFactory(name="Anna")
    _answered(5, order=OrderFactory(brand=flowers), courier=anna)
    _answered(1, order=OrderFactory(brand=flowers), courier=anna)
    FeedbackFactory(order=OrderFactory(brand=flowers))  # sent, never answered
    _answered(4, order=OrderFactory(brand=cakes))
    FeedbackFactory(order=OrderFactory(brand=cakes),
                    requested_at=timezone.now() - timedelta(days=90))  # outside the period
    response = client_manager.get(URL)
    assert response.status_code == 200
    groups = dict(response.context["groups"])
    brand = {row.label: row for row in groups["Brand"]}
    assert (brand["RG Flowers"].sent, brand["RG Flowers"].answered, brand["RG Flowers"].low) == (3, 2, 1)
    assert brand["RG Flowers"].response_rate == 66.7 and brand["RG Flowers"].average == 3
    assert brand["RG Cakes"].response_rate == 100.0
    courier = {row.label: row for row in groups["Courier"]}
    assert courier["Anna"].sent == 2 and courier["—"].sent == 2
    total = response.context["total"]
    assert (total.sent, total.answered, total.response_rate) == (4, 3, 75.0)

    rows = list(csv.reader(io.StringIO(client_manager.get(URL + "?format=csv").content.decode())))
    assert ["Brand", "RG Flowers", "3", "2", "66.7", "3.0", "1"] in rows
    assert ["Total", "", "4", "3", "75.0", "3.33", "1"] in rows


@pytest.mark.parametrize("query", ["?since=2026-13-01", "?since=2026-05-01&until=2026-04-01",
                                   "?since=2020-01-01&until=2026-01-01", "?since=" + "9" * 500])
def test_a_bad_period_is_a_400_not_a_500(client_manager, query):
    assert client_manager.get(URL + query).status_code == 400


@pytest.mark.parametrize("size", [1, 25])
def test_a_fixed_number_of_queries(client_manager, django_assert_max_num_queries, size):
    for n in range(size):
        _answered(1 + n % 5, order=OrderFactory(brand=BrandFactory(code=f"b{n}")),
                  courier=CourierFactory())
    with django_assert_max_num_queries(FEEDBACK_QUERIES):
        assert client_manager.get(URL).status_code == 200


# user, roles; four aggregates: brand, channel, courier, total; the overdue control items of the
# managers' banner.
FEEDBACK_QUERIES = 7
