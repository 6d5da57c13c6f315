"""Parcels and tracking: the tracking number told at dispatch, a carrier's JSON API polled
against a real local HTTP server (moved, waiting, delivered, stuck, 500, garbage, slow, too
big), statuses recorded and told once, and the stalled parcels of the control list."""

import json
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from channels_intake.tests.httpserver import LocalServer
from core.locks import task_lock
from core.models import OutboxMessage
from delivery.domain_events import ParcelHanded, ParcelMoved
from delivery.exceptions import DeliveryError
from delivery.models import Carrier, Courier, DeliveryAttempt, ParcelEvent
from delivery.services import courier_assign, delivery_dispatch
from delivery.tests.factories import CarrierFactory, CourierFactory
from delivery.tracking import selectors, services, tasks
from delivery.tracking.adapters import JsonAdapter, TrackingUnavailable, dig, tracking_link
from notices.models import MessageKind
from orders.models import OrderEvent, Status
from orders.tests.factories import CustomerFactory, OrderFactory
from tests.events import heard

pytestmark = pytest.mark.django_db

MAPPING = {"status": "parcel.state", "location": "parcel.office", "happened_at": "parcel.at",
           "waiting": ["AT_OFFICE"], "delivered": ["HANDED_OVER"]}
# The carrier first saw the parcel three days ago at 10:00 in Yerevan (06:00 UTC): built from
# today, so every time here stays in the past and recent.
SEEN_DAY = timezone.now().astimezone(UTC).date() - timedelta(days=3)
SEEN = datetime.combine(SEEN_DAY, time(6), UTC)


def carrier_time(days=0):
    """The carrier's 10:00 in Yerevan, as it writes it, `days` after SEEN_DAY."""
    return f"{SEEN_DAY + timedelta(days=days)}T10:00:00+04:00"


def answer(state, office="Yerevan 0010", at=None):
    at = at or carrier_time()
    return json.dumps({"parcel": {"state": state, "office": office, "at": at}}).encode()


@pytest.fixture
def server():
    with LocalServer() as local:
        yield local


def carrier_for(server, **fields):
    return CarrierFactory(api_kind=Carrier.ApiKind.JSON, mapping=MAPPING,
                          api_url_template=f"{server.url}/parcels/{{number}}", **fields)


def parcel(carrier=None, number="RR123AM", kind=Courier.Kind.POST, **customer):
    courier = CourierFactory(kind=kind, carrier=carrier)
    order = OrderFactory(status=Status.ASSEMBLING, customer=CustomerFactory(**customer))
    courier_assign(order_id=order.pk, courier_id=courier.pk)
    attempt = delivery_dispatch(order_id=order.pk, tracking_number=number)
    DeliveryAttempt.objects.filter(pk=attempt.pk).update(
        started_at=SEEN - timedelta(hours=21))
    attempt.refresh_from_db()
    return order, attempt


def notices(order, kind):
    return list(OutboxMessage.objects.filter(about=f"order:{order.pk}", kind=kind))


@pytest.fixture
def moved():
    with heard(ParcelMoved) as got:
        yield got


# --- the tracking number at dispatch ---

def test_the_tracking_number_goes_to_the_customer_with_its_link():
    with heard(ParcelHanded) as handed:
        order, attempt = parcel(CarrierFactory(name="HayPost"), number="RR 123/AM", language="ru")
    url = "https://track.example/RR%20123%2FAM"
    assert selectors.tracking_url(attempt) == url
    assert handed[0].tracking_url == url and handed[0].carrier == "HayPost"
    [message] = notices(order, MessageKind.TRACKING)
    assert message.recipient == order.customer.email and message.payload["language"] == "ru"
    assert message.payload["body"].count("RR 123/AM") == 1 and url in message.payload["body"]


def test_an_own_courier_sends_no_tracking_notice_and_a_carrier_without_page_no_link():
    order, _attempt = parcel(kind=Courier.Kind.OWN, number="")
    assert notices(order, MessageKind.TRACKING) == []
    order, attempt = parcel(CarrierFactory(tracking_url_template=""))
    assert selectors.tracking_url(attempt) == ""
    body = notices(order, MessageKind.TRACKING)[0].payload["body"]
    links = [word for word in body.split() if word.startswith("http")]
    assert links and all("/s/" in link for link in links)  # only the customer's status page


def test_a_tracking_number_longer_than_its_column_is_refused():
    with pytest.raises(DeliveryError):
        parcel(number="R" * 81)


# --- the carrier's JSON API, on a real local server ---

def test_a_moved_parcel_is_recorded_on_the_timeline_and_told_once_even_when_polled_twice(
        server, moved):
    carrier = carrier_for(server)
    order, attempt = parcel(carrier)
    server.serve("/parcels/RR123AM", (200, answer("SORTING", "Yerevan hub")))
    assert services.carrier_poll(carrier_id=carrier.pk).recorded == 1
    second = services.carrier_poll(carrier_id=carrier.pk)
    assert (second.recorded, second.unchanged, second.errors) == (0, 1, [])
    [event] = ParcelEvent.objects.filter(attempt=attempt)
    assert (event.status, event.location, event.waiting, event.system) == (
        "SORTING", "Yerevan hub", False, "tracking")
    assert event.happened_at == SEEN
    assert event.raw == {"parcel": {"state": "SORTING", "office": "Yerevan hub",
                                    "at": carrier_time()}}
    [notice] = notices(order, MessageKind.PARCEL_MOVED)
    assert notice.event == f"parcel:{event.pk}" and "SORTING · Yerevan hub" in notice.payload["body"]
    assert [m.status for m in moved] == ["SORTING"]
    timeline = order.events.filter(kind=OrderEvent.Kind.DELIVERY_ATTEMPT).last()
    assert "SORTING" in timeline.message and timeline.system == "tracking"
    carrier.refresh_from_db()
    assert (carrier.last_error, carrier.consecutive_failures) == ("", 0)
    assert carrier.last_poll_at is not None
    assert [r["path"] for r in server.requests] == ["/parcels/RR123AM"] * 2


def test_each_change_is_news_and_a_parcel_at_the_post_office_is_a_reminder(server, moved):
    carrier = carrier_for(server)
    order, attempt = parcel(carrier)
    server.serve("/parcels/RR123AM", (200, answer("SORTING", at=carrier_time())),
                 (200, answer("AT_OFFICE", "Gyumri 3101", at=carrier_time(days=1))))
    services.carrier_poll(carrier_id=carrier.pk)
    services.carrier_poll(carrier_id=carrier.pk)
    services.carrier_poll(carrier_id=carrier.pk)
    assert list(ParcelEvent.objects.filter(attempt=attempt).values_list("status", "waiting")) == [
        ("SORTING", False), ("AT_OFFICE", True)]
    assert len(notices(order, MessageKind.PARCEL_MOVED)) == 1
    [waiting] = notices(order, MessageKind.PARCEL_WAITING)
    assert "Gyumri 3101" in waiting.payload["body"]
    assert moved[-1].waiting is True


def test_a_delivered_status_finishes_the_delivery(server):
    carrier = carrier_for(server)
    order, attempt = parcel(carrier)
    server.serve("/parcels/RR123AM", (200, answer("HANDED_OVER", "Gyumri 3101")))
    services.carrier_poll(carrier_id=carrier.pk)
    attempt.refresh_from_db()
    order.refresh_from_db()
    assert attempt.status == DeliveryAttempt.Status.DELIVERED
    assert attempt.finished_at == SEEN
    assert order.status == Status.DELIVERED
    assert notices(order, MessageKind.PARCEL_MOVED) == []
    assert services.carrier_poll(carrier_id=carrier.pk).recorded == 0  # no longer polled
    assert len(server.requests) == 1


@pytest.mark.parametrize(("response", "error"), [
    ((500, b"oops"), "HTTP 500"),
    ((200, b"<html>not json"), "not JSON"),
    ((200, b'{"parcel": {"office": "x"}}'), "no status at parcel.state"),
    ((200, b'["a", "list"]'), "no status"),
    ((200, b'{"parcel": {"state": "X", "at": "yesterday"}}'), "no time at parcel.at"),
    ((404, b""), "HTTP 404"),
])
def test_a_carrier_that_answers_badly_is_recorded_in_its_health(server, response, error):
    carrier = carrier_for(server)
    order, attempt = parcel(carrier)
    server.serve("/parcels/RR123AM", response)
    for failures in (1, 2):
        result = services.carrier_poll(carrier_id=carrier.pk)
        assert result.recorded == 0 and error in result.errors[0]
        carrier.refresh_from_db()
        assert error in carrier.last_error and carrier.consecutive_failures == failures
    assert not ParcelEvent.objects.exists()
    assert notices(order, MessageKind.PARCEL_MOVED) == []


def test_a_slow_carrier_times_out(server, settings):
    settings.TRACKING_TIMEOUT_SECONDS = 0.3
    carrier = carrier_for(server)
    parcel(carrier)
    server.serve("/parcels/RR123AM", (200, answer("SORTING"), 1.5))
    result = services.carrier_poll(carrier_id=carrier.pk)
    assert "timed out" in result.errors[0] and not ParcelEvent.objects.exists()


def test_an_oversized_answer_is_refused(server, settings):
    settings.TRACKING_MAX_BYTES = 100
    carrier = carrier_for(server)
    parcel(carrier)
    server.serve("/parcels/RR123AM", (200, answer("SORTING", "x" * 500)))
    result = services.carrier_poll(carrier_id=carrier.pk)
    assert "too large" in result.errors[0] and not ParcelEvent.objects.exists()


def test_one_broken_parcel_does_not_stop_the_others(server):
    carrier = carrier_for(server)
    parcel(carrier, number="BAD1")
    _order, good = parcel(carrier, number="GOOD2")
    server.serve("/parcels/BAD1", (500, b""))
    server.serve("/parcels/GOOD2", (200, answer("SORTING")))
    result = services.carrier_poll(carrier_id=carrier.pk)
    assert result.recorded == 1 and result.errors == ["BAD1: HTTP 500 from the carrier"]
    assert ParcelEvent.objects.get().attempt == good
    carrier.refresh_from_db()
    assert carrier.consecutive_failures == 0 and "BAD1" in carrier.last_error


def test_a_carrier_pointed_inside_is_refused_by_the_guard(server, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = False
    carrier = carrier_for(server)
    parcel(carrier)
    server.serve("/parcels/RR123AM", (200, answer("SORTING")))
    result = services.carrier_poll(carrier_id=carrier.pk)
    assert "private address" in result.errors[0] and server.requests == []


@pytest.mark.parametrize("host", ["[64:ff9b::7f00:1]", "[2002:7f00:1::]"])
def test_a_carrier_saved_inside_by_other_means_is_refused_at_connect(settings, host):
    # NAT64 and 6to4 forms of loopback (issue 17): a row written by SQL skips the save check.
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = False
    carrier = CarrierFactory(api_kind=Carrier.ApiKind.JSON, mapping=MAPPING,
                             api_url_template=f"http://{host}/parcels/{{number}}")
    parcel(carrier)
    result = services.carrier_poll(carrier_id=carrier.pk)
    assert "private address" in result.errors[0] and not ParcelEvent.objects.exists()


def test_the_task_polls_each_api_carrier_once_at_a_time(server):
    carrier = carrier_for(server)
    parcel(carrier)
    CarrierFactory()  # no API: never polled
    server.serve("/parcels/RR123AM", (200, answer("SORTING")))
    assert services.carriers_to_poll() == [carrier.pk]
    with task_lock(f"tracking:carrier:{carrier.pk}", ttl=60):
        tasks.carrier_poll(carrier.pk)  # someone else polls it right now
    assert server.requests == []
    tasks.carrier_poll(carrier.pk)
    assert ParcelEvent.objects.count() == 1


def test_the_adapter_reads_paths_into_lists_and_naive_times_in_yerevan():
    mapping = {"status": "events.0.code", "happened_at": "events.0.at",
               "delivered": ["done"]}
    data = {"events": [{"code": "DONE", "at": f"{SEEN_DAY} 10:00"}, {"code": "old"}]}
    status = JsonAdapter().read(mapping, data)
    assert (status.status, status.delivered, status.location) == ("DONE", True, "")
    assert status.happened_at == SEEN
    assert dig(data, "events.5.code") is None and dig(data, "events.x") is None
    with pytest.raises(TrackingUnavailable):
        JsonAdapter().read({"status": 5}, data)


def test_a_carrier_is_validated_before_it_is_saved():
    carrier = Carrier(name="Bad", api_kind=Carrier.ApiKind.JSON,
                      tracking_url_template="https://t.example/{id}",
                      api_url_template="ftp://t.example/{number}", mapping={"waiting": "X"})
    with pytest.raises(ValidationError) as caught:
        carrier.full_clean()
    assert set(caught.value.message_dict) == {"tracking_url_template", "api_url_template",
                                              "mapping"}
    CarrierFactory.build(name="Good", api_kind="json", api_url_template="https://a.example/{number}",
                         mapping=MAPPING).full_clean()


@pytest.mark.parametrize("placeholder", ["{number:>99999999999}", "{number.__class__}",
                                         "{number[0]}", "{number!r}", "{number:{number}}"])
def test_a_template_takes_only_a_bare_number(placeholder):
    template = f"https://t.example/{placeholder}"
    carrier = CarrierFactory.build(name="Odd", tracking_url_template=template)
    with pytest.raises(ValidationError) as caught:
        carrier.full_clean()
    assert "nothing else inside the braces" in caught.value.message_dict["tracking_url_template"][0]
    assert tracking_link(template, "RR1") == ""  # a row written by SQL is not rendered either


def test_a_link_keeps_the_text_around_the_number():
    assert tracking_link("https://t.example/{number}?q={number}&x={{y}}", "RR 1/2") == \
        "https://t.example/RR%201%2F2?q=RR%201%2F2&x={y}"


@pytest.mark.parametrize("url", ["http://127.0.0.1/{number}", "http://[64:ff9b::7f00:1]/{number}",
                                 "http://[2002:7f00:1::]/{number}", "http://10.1.2.3/p/{number}"])
def test_a_carrier_api_pointed_inside_is_refused_at_save(url, settings, admin_client):
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = False
    carrier = CarrierFactory.build(name="Inside", api_kind="json", api_url_template=url,
                                   mapping=MAPPING)
    with pytest.raises(ValidationError) as caught:
        carrier.full_clean()
    assert "private address" in caught.value.message_dict["api_url_template"][0]
    # the admin's carrier form (where carriers are typed) says it beside the field
    response = admin_client.post(reverse("admin:delivery_carrier_add"), {
        "name": "Inside", "api_kind": "json", "api_url_template": url,
        "mapping": json.dumps(MAPPING), "is_active": "on"})
    assert response.status_code == 200 and not Carrier.objects.exists()
    form_errors = response.context["adminform"].form.errors  # in the admin's language
    assert list(form_errors) == ["api_url_template"]


# --- the service itself ---

def test_a_status_by_hand_is_bounded_and_never_in_the_future(operator_user):
    _order, attempt = parcel(CarrierFactory())
    for kwargs in ({"status": "  "}, {"status": "x" * 201}, {"status": "a", "location": "y" * 201},
                   {"status": "a", "happened_at": timezone.now() + timedelta(hours=1)},
                   {"status": "a", "happened_at": SEEN.replace(tzinfo=None)}):
        with pytest.raises(DeliveryError):
            services.parcel_status_record(attempt_id=attempt.pk, actor=operator_user, **kwargs)
    event = services.parcel_status_record(attempt_id=attempt.pk, status=" In   Gyumri ",
                                          actor=operator_user)
    assert event.status == "In Gyumri" and event.actor == operator_user


def test_a_huge_carrier_answer_is_kept_cut(settings):
    _order, attempt = parcel(CarrierFactory())
    event = services.parcel_status_record(attempt_id=attempt.pk, status="SORTING",
                                          raw={"blob": "x" * 10000}, system="tracking")
    assert len(event.raw["truncated"]) == settings.TRACKING_RAW_MAX_CHARS


def test_a_finished_attempt_takes_no_status(server):
    order, attempt = parcel(CarrierFactory())
    services.parcel_status_record(attempt_id=attempt.pk, status="DELIVERED", delivered=True)
    with pytest.raises(DeliveryError):
        services.parcel_status_record(attempt_id=attempt.pk, status="SORTING")


# --- stalled parcels, for the control list ---

def test_a_parcel_without_movement_for_three_days_is_stalled():
    now = SEEN + timedelta(days=2, hours=2)  # yesterday 08:00 UTC
    with time_machine.travel(now - timedelta(days=5), tick=False):
        stuck, _a = parcel(CarrierFactory(), number="STUCK")
        silent, _b = parcel(CarrierFactory(), number="SILENT")
        moving, moving_attempt = parcel(CarrierFactory(), number="MOVING")
        own, _c = parcel(kind=Courier.Kind.OWN, number="")
        for attempt in DeliveryAttempt.objects.all():
            attempt.started_at = timezone.now()
            attempt.save(update_fields=["started_at"])
        services.parcel_status_record(attempt_id=_a.pk, status="SORTING")
    with time_machine.travel(now - timedelta(days=1), tick=False):
        services.parcel_status_record(attempt_id=moving_attempt.pk, status="SORTING")
    with time_machine.travel(now - timedelta(hours=1), tick=False):
        recent, _d = parcel(CarrierFactory(), number="RECENT")
        DeliveryAttempt.objects.filter(pk=_d.pk).update(started_at=timezone.now())
    assert selectors.stalled_parcels(now) == sorted([stuck.pk, silent.pk])
    # Two days later the moving one has stood still for three days too.
    assert selectors.stalled_parcels(now + timedelta(days=2, hours=1)) == sorted(
        [stuck.pk, silent.pk, moving.pk])
    assert own.pk not in selectors.stalled_parcels(now + timedelta(days=30))


def test_a_parcel_waiting_at_the_post_office_is_reminded_once():
    now = SEEN + timedelta(days=2, hours=2)  # yesterday 08:00 UTC
    order, attempt = parcel(CarrierFactory())
    other, moved_on = parcel(CarrierFactory(), number="MOVED")
    with time_machine.travel(now - timedelta(days=3), tick=False):
        waiting = services.parcel_status_record(attempt_id=attempt.pk, status="AT_OFFICE",
                                                location="Gyumri", waiting=True)
        services.parcel_status_record(attempt_id=moved_on.pk, status="AT_OFFICE", waiting=True)
    with time_machine.travel(now - timedelta(days=1), tick=False):
        services.parcel_status_record(attempt_id=moved_on.pk, status="TAKEN BACK")
    assert services.parcel_waiting_remind(now=now - timedelta(days=2, hours=1)) == 0
    assert services.parcel_waiting_remind(now=now) == 1
    assert services.parcel_waiting_remind(now=now) == 1
    messages = notices(order, MessageKind.PARCEL_WAITING)
    assert sorted(m.event for m in messages) == [f"parcel:{waiting.pk}",
                                                 f"parcel:{waiting.pk}:reminder"]
    assert len(notices(other, MessageKind.PARCEL_WAITING)) == 1  # no reminder: it moved on


def test_healthz_reports_each_carrier_with_an_api(server):
    from core import health

    carrier = carrier_for(server, name="HayPost")
    CarrierFactory(name="By hand")
    parcel(carrier)
    server.serve("/parcels/RR123AM", (500, b""))
    services.carrier_poll(carrier_id=carrier.pk)
    section = health.SECTIONS["carriers"]()
    assert section["ok"] is False
    assert [(c["name"], c["consecutive_failures"]) for c in section["carriers"]] == [("HayPost", 1)]
    assert "HTTP 500" in section["carriers"][0]["last_error"]


def test_an_endless_answer_without_a_length_is_cut_at_the_cap(settings):
    """A carrier that does not say how long its answer is: reading stops at the cap."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Endless(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _n in range(200):
                    self.wfile.write(b" " * 8192)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    settings.TRACKING_MAX_BYTES = 50_000
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Endless)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        carrier = CarrierFactory(api_kind="json", mapping=MAPPING, api_url_template=(
            f"http://127.0.0.1:{httpd.server_address[1]}/p/{{number}}"))
        parcel(carrier)
        result = services.carrier_poll(carrier_id=carrier.pk)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert "more than 50000 bytes" in result.errors[0] and not ParcelEvent.objects.exists()
