"""Feeds polled from a real local HTTP server: pages that repeat, fail or are malformed."""

import json
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from catalog.tests.factories import ProductFactory
from channels_intake.feeds import services
from channels_intake.feeds.demo import first_delivery_day, shifted
from channels_intake.feeds.tasks import feed_poll, feeds_dispatch
from channels_intake.models import InboundMessage, Source
from channels_intake.tests.factories import PartnerFactory
from channels_intake.tests.httpserver import LocalServer
from orders.models import Order, OrderEvent, Status

# Copies of the feed samples (docs/intake-formats.md section 4), kept in the repository.
SAMPLES = Path(services.__file__).parent / "samples"
PAGES = {name: json.loads((SAMPLES / name).read_text(encoding="utf-8"))
         for name in ("feed_cursor_page1.json", "feed_cursor_page2.json", "feed_pages.json")}
# The samples are the spec's, dated: placed on one day for the next two. Every date in them
# moves by the same days (as the demo server does) so they are placed today.
PLACED = timezone.localdate()
SHIFT = (PLACED + timedelta(days=1) - first_delivery_day(list(PAGES.values()))).days


def sample(name: str) -> bytes:
    return json.dumps(shifted(PAGES[name], SHIFT), ensure_ascii=False, indent=1).encode()


@pytest.fixture(autouse=True)
def _the_samples_afternoon():
    """The tests read the samples the afternoon they were placed, not on a today that moves
    on while the tests run."""
    with time_machine.travel(datetime.combine(PLACED, time(14), ZoneInfo("Asia/Yerevan")),
                             tick=True):
        yield


@pytest.fixture
def server():
    with LocalServer() as running:
        yield running


@pytest.fixture
def catalog(db):
    for sku in ("FB-ROSE-25", "CK-NAPOLEON", "FR-BASKET-M"):
        ProductFactory(sku=sku)


def _feed(server, code: str, adapter: str) -> Source:
    partner = PartnerFactory(code=code)
    return Source.objects.create(name=f"feed-{code}", kind="feed", partner=partner,
                                 adapter=adapter, url=f"{server.url}/{code}/orders")


def test_cursor_feed_survives_a_500_then_updates_and_repeats(server, catalog):
    source = _feed(server, "flowwow", "cursor")
    server.serve("/flowwow/orders", (200, sample("feed_cursor_page1.json")))
    server.serve("/flowwow/orders", 500, (200, sample("feed_cursor_page2.json")),
                 query={"cursor": "c2"})

    first = services.feed_poll(source_id=source.pk)
    source.refresh_from_db()
    assert first.pages == 1 and "HTTP 500" in first.error
    assert source.cursor == {"cursor": "c2"}  # page 1 committed, so its cursor was saved
    assert source.consecutive_failures == 1 and source.last_error_at
    taken = Order.objects.get(partner_order_id="FW-1001")
    assert (taken.status, str(taken.delivery_fee), str(taken.total)) == ("new", "1000.00", "19500.00")
    assert not taken.has_total_mismatch

    second = services.feed_poll(source_id=source.pk)  # the retry: page 2 is there now
    source.refresh_from_db()
    assert second.error == "" and source.consecutive_failures == 0 and source.last_success_at
    assert Order.objects.count() == 2  # FW-1001 cancelled in place, FW-1002 new
    taken.refresh_from_db()
    assert taken.status == Status.CANCELLED
    assert OrderEvent.objects.filter(order=taken, system="feed:feed-flowwow",
                                     kind="status_changed").exists()
    page2 = InboundMessage.objects.get(parsed__orders__has_key="FW-1002")
    assert page2.state == "order" and page2.parsed["orders"]["FW-1001"] == "update"
    assert source.cursor == {"cursor": "c2"}  # the end: stay and re-read it next time

    third = services.feed_poll(source_id=source.pk)  # the same page again: nothing new
    assert third.outcomes == {"repeated page": 1}
    assert InboundMessage.objects.filter(source=source).count() == 2
    assert Order.objects.count() == 2


def test_pages_feed_malformed_then_good(server, catalog):
    source = _feed(server, "menu-am", "pages")
    server.serve("/menu-am/orders", (200, b'{"page": 1, "pages": 1, "data": [{"orderNum'),
                 (200, b'{"page": 1}'), (200, sample("feed_pages.json")), query={"page": "1"})

    bad = services.feed_poll(source_id=source.pk)
    assert "malformed" in bad.error
    kept = InboundMessage.objects.get(source=source)
    assert kept.state == "review" and bytes(kept.raw).startswith(b'{"page": 1,')
    source.refresh_from_db()
    assert source.cursor == {} and source.consecutive_failures == 1

    assert "malformed" in services.feed_poll(source_id=source.pk).error  # the wrong shape
    good = services.feed_poll(source_id=source.pk)
    assert good.error == "" and good.outcomes == {"order": 1}
    order = Order.objects.get(partner_order_id="77001")
    assert order.delivery_date == PLACED + timedelta(days=2)
    assert order.recipient_phone.as_e164 == "+37493112233"
    assert InboundMessage.objects.filter(source=source).count() == 3


def test_a_slow_page_times_out_and_is_retried(server, catalog, settings):
    settings.FEED_TIMEOUT_SECONDS = 0.3
    source = _feed(server, "sas-am", "cursor")
    server.serve("/sas-am/orders", (200, sample("feed_cursor_page1.json"), 1.0),
                 (200, sample("feed_cursor_page1.json")))
    server.serve("/sas-am/orders", (200, b'{"orders": [], "next_cursor": null}'),
                 query={"cursor": "c2"})
    late = services.feed_poll(source_id=source.pk)
    assert "timed out" in late.error and Order.objects.count() == 0
    assert services.feed_poll(source_id=source.pk).error == ""
    assert Order.objects.filter(partner_order_id="FW-1001").count() == 1


def test_dispatch_polls_due_feeds_through_the_locked_task(server, catalog):
    source = _feed(server, "buy-am", "pages")
    server.serve("/buy-am/orders", (200, sample("feed_pages.json")), query={"page": "1"})
    Source.objects.create(name="feed-off", kind="feed", partner=source.partner, adapter="pages",
                          url=f"{server.url}/off", is_active=False)
    assert services.feeds_due() == [source.pk]
    feeds_dispatch.delay()  # eager in tests: runs feed_poll right away
    assert Order.objects.filter(partner=source.partner).count() == 1
    assert services.feeds_due() == []  # polled just now

    from core.locks import task_lock

    with task_lock(f"poll-source:{source.pk}", ttl=30):
        feed_poll.delay(source.pk)  # another worker holds it: this one steps aside
    assert len(server.requests) == 1


def _poll_the_demo_feeds():
    import threading

    from channels_intake.feeds.demo import demo_feed_server, feeds_demo_seed
    from orders.tests.factories import BrandFactory

    brand = BrandFactory(code="sweets")
    for code in ("menu-am", "flowwow", "buy-am", "sas-am"):
        PartnerFactory(code=code, brand=brand)
    feeds_demo_seed()
    feeds_demo_seed()  # idempotent
    assert Source.objects.filter(kind="feed", is_active=False).count() == 4
    server = demo_feed_server(port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        for source in Source.objects.filter(kind="feed"):
            source.url = source.url.replace(":8765", f":{port}")
            source.save()
            assert services.feed_poll(source_id=source.pk).error == ""
    finally:
        server.shutdown()
        server.server_close()


def test_the_demo_feeds_poll_from_the_demo_server(catalog):
    _poll_the_demo_feeds()
    assert Order.objects.filter(partner__code="flowwow").count() == 2
    assert Order.objects.filter(partner__code="menu-am", partner_order_id="77001").exists()


def test_the_demo_feeds_are_dated_from_the_day_they_are_served(catalog):
    """A year after the samples' dates the demo still serves orders for tomorrow and the day
    after: they become orders, not review items for a delivery date out of the window."""
    from datetime import timedelta

    from django.utils import timezone

    with time_machine.travel(timezone.now() + timedelta(days=365 + 30), tick=True):
        tomorrow = timezone.localdate() + timedelta(days=1)
        _poll_the_demo_feeds()
        assert not InboundMessage.objects.filter(state="review").exists()
        days = {order.partner_order_id: order.delivery_date for order in Order.objects.all()}
    assert days == {"FW-1001": tomorrow, "FW-1002": tomorrow, "77001": tomorrow + timedelta(days=1)}


def test_the_demo_feeds_keep_their_dates_past_midnight():
    """The days are counted when the server starts: its orders do not move every midnight,
    which the desk would read as the partner changing each delivery date."""
    import json
    import threading
    from datetime import timedelta
    from urllib.request import urlopen

    from django.utils import timezone

    from channels_intake.feeds.demo import demo_feed_server

    server = demo_feed_server(port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/menu-am/orders?page=1"
    try:
        served = json.loads(urlopen(url, timeout=5).read())
        with time_machine.travel(timezone.now() + timedelta(days=1)):
            assert json.loads(urlopen(url, timeout=5).read()) == served
    finally:
        server.shutdown()
        server.server_close()
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert served["data"][0]["deliveryDate"] == (tomorrow + timedelta(days=1)).strftime("%d.%m.%Y")


def test_feed_health_is_on_healthz(server, catalog, admin_client):
    source = _feed(server, "flowwow", "cursor")
    server.serve("/flowwow/orders", 500)
    services.feed_poll(source_id=source.pk)
    [row] = [row for row in admin_client.get("/healthz").json()["checks"]["sources"]["sources"]
             if row["name"] == "feed-flowwow"]
    assert row["ok"] is False and "HTTP 500" in row["last_error"] and row["consecutive_failures"] == 1


def test_a_feed_pointing_inside_is_refused_at_poll_time(server, catalog, settings, monkeypatch):
    """A manager's feed URL must not make the desk fetch its own network (SSRF) and store the
    answer where managers read it, whether by address or by a name that resolves inside."""
    import socket

    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = False
    server.serve("/flowwow/orders", (200, b'{"secret": "internal"}'))
    port = server.url.rsplit(":", 1)[1]
    real, asked = socket.getaddrinfo, []

    def resolver(host, *args, **kwargs):
        if host == "feed.flowwow.example":
            asked.append(host)
            host = "127.0.0.1"
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    by_address = _feed(server, "flowwow", "cursor")
    by_name = _feed(server, "menu-am", "cursor")
    Source.objects.filter(pk=by_name.pk).update(url=f"http://feed.flowwow.example:{port}/flowwow/orders")

    for source in (by_address, by_name):
        summary = services.feed_poll(source_id=source.pk)
        source.refresh_from_db()
        assert "private address" in summary.error and "private address" in source.last_error
    assert asked == ["feed.flowwow.example"]
    assert server.requests == [] and not InboundMessage.objects.exists()


def test_a_feed_url_pointing_inside_is_refused_by_the_form(settings, db):
    from django.core.exceptions import ValidationError

    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = False
    source = Source(name="feed-x", kind="feed", partner=PartnerFactory(code="x"),
                    adapter="cursor", url="http://169.254.169.254/latest/meta-data")
    with pytest.raises(ValidationError) as refused:
        source.full_clean()
    assert "url" in refused.value.message_dict
