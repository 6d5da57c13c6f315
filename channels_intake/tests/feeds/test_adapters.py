"""One adapter per feed shape (channels_intake/feeds/adapters.py): how the next page is asked for,
and how a partner's fields become a NormalizedOrder. Pure reshaping: no database."""

from datetime import timedelta

import pytest
from django.utils import timezone

from channels_intake.feeds.adapters import ADAPTERS, CursorFeed, MalformedPage, PagesFeed


def _day() -> str:
    return (timezone.localdate() + timedelta(days=1)).isoformat()


def _flowwow(**changes) -> dict:
    row = {"id": 501, "status": "paid", "buyer": {"name": "Anna", "phone": "+37491123456"},
           "receiver": {"name": "Ani", "phone": "", "address": "Yerevan, Abovyan 10"},
           "delivery": {"date": _day(), "interval": "10:00-13:00"}, "postcard": "Love",
           "items": [{"qty": 2, "article": "FB-ROSE-25", "title": "Roses", "price": 9000}],
           "total": 19000, "currency": "AMD"}
    row.update(changes)
    return row


def _menu(**changes) -> dict:
    row = {"orderNumber": "M-7", "state": "new", "customerName": "Anna",
           "customerPhone": "+37491123456", "deliverTo": {"name": "Ani", "street": "Abovyan 10"},
           "lines": [{"count": 3, "code": "CAKE", "name": "Cake", "amount": 30000}],
           "deliveryDate": _day(), "timeFrom": "10:00", "timeTo": "13:00", "sum": 31000}
    row.update(changes)
    return row


def test_adapters_are_found_by_their_name():
    assert isinstance(ADAPTERS["cursor"], CursorFeed) and isinstance(ADAPTERS["pages"], PagesFeed)


def test_the_cursor_feed_asks_from_the_saved_cursor_and_stays_on_the_last_page():
    feed = CursorFeed()
    assert feed.params({}) == {} and feed.params({"cursor": "c2"}) == {"cursor": "c2"}
    assert feed.parse({"orders": [], "next_cursor": "c3"}, partner="flowwow").next_cursor == {
        "cursor": "c3"}
    assert feed.parse({"orders": [], "next_cursor": None}, partner="flowwow").next_cursor is None


def test_a_cursor_order_is_reshaped_and_its_delivery_fee_is_what_the_total_carries_above():
    page = CursorFeed().parse({"orders": [_flowwow()], "next_cursor": None}, partner="flowwow")
    [order] = page.orders
    normalized = order.normalized
    assert (order.partner_order_id, order.is_cancelled) == ("501", False)
    assert (normalized.partner, normalized.delivery_date, normalized.window) == (
        "flowwow", _day(), "10:00-13:00")
    assert (normalized.is_paid, normalized.total, normalized.delivery_fee) == (True, "19000", "1000")
    assert [(i.sku, i.quantity, i.unit_price) for i in normalized.items] == [
        ("FB-ROSE-25", 2, "9000")]


def test_a_cursor_total_below_its_lines_carries_no_fee_and_a_cancelled_order_is_marked():
    [order] = CursorFeed().parse({"orders": [_flowwow(total=100, status="cancelled")],
                                  "next_cursor": None}, partner="flowwow").orders
    assert order.is_cancelled and order.normalized.delivery_fee is None


def test_the_pages_feed_asks_the_next_page_until_the_last():
    feed = PagesFeed()
    assert feed.params({}) == {"page": 1} and feed.params({"page": 3}) == {"page": 3}
    assert feed.parse({"page": 1, "pages": 2, "data": []}, partner="menu").next_cursor == {"page": 2}
    assert feed.parse({"page": 2, "pages": 2, "data": []}, partner="menu").next_cursor is None


def test_a_pages_order_gets_unit_prices_and_a_window_from_its_two_times():
    [order] = PagesFeed().parse({"page": 1, "pages": 1, "data": [_menu(state="cancelled")]},
                                partner="menu").orders
    normalized = order.normalized
    assert (order.partner_order_id, order.is_cancelled) == ("M-7", True)
    assert (normalized.window, normalized.total, normalized.currency) == (
        "10:00-13:00", "31000", "AMD")
    assert [(i.quantity, i.unit_price) for i in normalized.items] == [(3, "10000")]
    [alone] = PagesFeed().parse({"page": 1, "pages": 1, "data": [_menu(timeTo=None)]},
                                partner="menu").orders
    assert alone.normalized.window is None


@pytest.mark.parametrize("feed, data", [
    (CursorFeed(), {"orders": []}),
    (CursorFeed(), ["not", "a", "page"]),
    (CursorFeed(), {"orders": [{"status": "paid"}], "next_cursor": None}),
    (PagesFeed(), {"page": "one", "pages": 2, "data": []}),
    (PagesFeed(), {"page": 1, "pages": 1, "data": [{"sum": 100}]}),
])
def test_a_page_of_another_shape_is_refused_as_malformed(feed, data):
    with pytest.raises(MalformedPage):
        feed.parse(data, partner="p")
