"""The managers' dashboard page: who sees what, the figures on the page and in the CSV, the
links to the queue, hostile filters, and a fixed number of queries."""

import csv
import io
import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from core.tests.factories import UserFactory
from delivery import rollup
from delivery.models import DeliveryAttempt
from delivery.tests.dashboard_data import D, at, build, order
from orders.models import Status

pytestmark = pytest.mark.django_db
URL = reverse("desk:dashboard")
RANGE = {"date_from": D.isoformat(), "date_to": (D + timedelta(days=1)).isoformat()}


@pytest.fixture
def data(db):
    return build()


def table(html: str, key: str) -> list[list[str]]:
    """The cells of the page's table `key` (header row first), as text."""
    body = re.search(rf'<table class="grid" id="dash-{key}">(.*?)</table>', html, re.S).group(1)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells])
    return rows


def test_anonymous_people_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response.url


def test_people_without_a_desk_role_see_nothing(client):
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"export": "delivery"}).status_code == 403


def test_operators_see_the_delivery_part_only(client_operator, data):
    response = client_operator.get(URL, RANGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="dash-delivery"' in html and 'id="dash-days"' in html
    for hidden in ("couriers", "channels", "brands", "desk"):
        assert f'id="dash-{hidden}"' not in html
        assert client_operator.get(URL, {**RANGE, "export": hidden})["Content-Type"].startswith(
            "text/html")  # no table to export: the page


def test_the_page_shows_the_hand_counted_figures(client_manager, data):
    html = client_manager.get(URL, RANGE).content.decode()
    delivery = dict((row[0], row[1]) for row in table(html, "delivery")[1:])
    assert delivery["Due"] == "7" and delivery["Delivered on time"] == "3"
    assert delivery["Delivered late"] == "2" and delivery["On-time rate, %"] == "42.9"
    couriers = {row[0]: row[1:] for row in table(html, "couriers")[1:]}
    assert couriers["Vahe"] == ["3", "3", "66.7", "1", "20000.00"]
    assert 'role="img"' in html and "<title id=\"chart-svg-title\">" in html


@pytest.mark.parametrize("key", ["delivery", "days", "couriers", "channels", "brands", "desk"])
def test_every_table_exports_to_csv_exactly_as_shown(client_manager, data, key):
    html = client_manager.get(URL, RANGE).content.decode()
    response = client_manager.get(URL, {**RANGE, "export": key})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == table(html, key) and len(rows) > 1


def test_the_figures_link_to_the_orders_behind_them(client_manager, data):
    from desk.filters import QueueFilter
    from orders import selectors

    html = client_manager.get(URL, RANGE).content.decode()

    def behind(label):
        link = unescape(re.search(rf'<th scope="row">{label}</th><td class="num"><a href="'
                                  r'([^"]+)"', html).group(1))
        assert client_manager.get(link).status_code == 200
        params = {key: values[0] for key, values in parse_qs(urlsplit(link).query).items()}
        return QueueFilter(params, queryset=selectors.queue_orders()).qs.count()

    assert behind("Due") == 7
    assert behind("Delivered on time") == 3
    assert behind("Delivered late") == 2
    assert behind("Still open") == 2
    assert behind("Failed: recipient not there") == 1
    assert behind("Failed: wrong address") == 1


@pytest.mark.parametrize("params", [
    {"date_from": "2026-13-45"}, {"date_from": "2020-01-01", "date_to": "2026-01-01"},
    {"date_from": "2026-02-01", "date_to": "2026-01-01"}, {"brand": "x" * 500},
    {"brand": "99999999999999999999"}, {"channel": "<script>"}, {"export": "nope"},
    {"date_to": "9999-12-31"},
])
def test_hostile_filters_never_break_the_page(client_manager, params):
    response = client_manager.get(URL, params)
    assert response.status_code == 200


def test_managers_land_here_after_login(client, manager_user):
    manager_user.set_password("pw-123456789")
    manager_user.save()
    response = client.post(reverse("login"), {"username": manager_user.username,
                                              "password": "pw-123456789"}, follow=True)
    assert response.redirect_chain[-1][0] == URL


def _fill(count):
    brand_data = build()
    for n in range(count):
        made = order(courier=brand_data["v"], day=D + timedelta(days=n % 3),
                     status=Status.DELIVERED)
        DeliveryAttempt.objects.create(order=made, courier=brand_data["g"],
                                       status=DeliveryAttempt.Status.FAILED,
                                       failure_reason="refused", finished_at=at(D, 12))
    rollup.rollup_rebuild()


# Manager: user, groups, the chart (day rows), the totals by courier, channel and brand (one
# query over the rollup's levels, whole months from month rows), courier names, pre-orders,
# brand names, the confirmation histogram, the review count and the control list's counts in
# one (shared with the banner), the feedback requested in the range. Operator: user, groups,
# the chart, the totals. The session and the filter bar's brands come from the cache.
DASHBOARD_QUERIES = {"client_manager": 10, "client_operator": 4}


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("who", ["client_manager", "client_operator"])
def test_the_dashboard_is_a_fixed_number_of_queries(request, size, who,
                                                    django_assert_max_num_queries):
    client = request.getfixturevalue(who)
    _fill(size)
    client.get(URL)  # warm the session and the cached filter choices
    with django_assert_max_num_queries(DASHBOARD_QUERIES[who]) as captured:
        response = client.get(URL, {"date_from": (D - timedelta(days=3)).isoformat(),
                                    "date_to": (D + timedelta(days=5)).isoformat()})
    assert response.status_code == 200
    assert len(captured) == DASHBOARD_QUERIES[who]


def test_the_desk_table_counts_the_feedback_requested_in_the_range(client_manager, data):
    from customers.models import Feedback
    from orders.models import Order

    requested = at(D, 12)
    for placed, rating in zip(Order.objects.filter(status=Status.DELIVERED)[:3], (5, 2, None),
                              strict=True):
        Feedback.objects.create(order=placed, brand=placed.brand, channel=placed.channel,
                                requested_at=requested, rating=rating,
                                answered_at=requested if rating else None)
    html = client_manager.get(URL, RANGE).content.decode()
    desk = dict((row[0], row[1]) for row in table(html, "desk")[1:])
    assert (desk["Feedback: requests sent"], desk["Feedback: answered, %"],
            desk["Feedback: average rating"], desk["Feedback: ratings of 1 or 2"]) == (
        "3", "66.7", "3.5", "1")
    assert f'{reverse("desk:feedback")}?since={RANGE["date_from"]}' in html


def test_waits_past_a_week_read_as_real_minutes_on_screen_and_in_csv(client_manager):
    """Issue 17: the open-ended top bucket of the histogram read "10,000,000 minutes". Waits
    counted by hand: 10 min, 3 days, 9 days 1 min, 20 days, 30 days 5 min; past a week a wait
    is counted in whole days (at most): 10, 4320, 14400, 28800, 44640. Median: the 3rd of 5;
    90th percentile: the 5th."""
    from django.utils import timezone

    from delivery.tests.dashboard_data import confirmed_after

    day = timezone.localdate() - timedelta(days=3)
    for minutes in (10, 3 * 1440, 9 * 1440 + 1, 20 * 1440, 30 * 1440 + 5):
        confirmed_after(order(day=day, status=Status.CONFIRMED), minutes)
    rollup.rollup_rebuild()
    span = {"date_from": day.isoformat(), "date_to": day.isoformat()}
    shown = dict((row[0], row[1]) for row in table(
        client_manager.get(URL, span).content.decode(), "desk")[1:])
    assert shown["Orders confirmed"] == "5"
    assert shown["Arrival to confirmation, median, minutes (at most)"] == "14400"
    assert shown["Arrival to confirmation, 90th percentile, minutes (at most)"] == "44640"
    exported = dict(row[:2] for row in csv.reader(io.StringIO(
        client_manager.get(URL, {**span, "export": "desk"}).content.decode())))
    assert exported["Arrival to confirmation, median, minutes (at most)"] == "14400"
    assert exported["Arrival to confirmation, 90th percentile, minutes (at most)"] == "44640"
