"""Status changes POSTed to the partner's own receiver, signed, retried, logged."""

import json

import pytest
from django.utils import timezone

from channels_intake.models import WebhookEndpoint
from channels_intake.tests.httpserver import LocalServer
from channels_intake.webhooks import services
from core import outbox
from core.models import OutboxMessage
from orders.models import Status
from orders.services import order_move
from orders.tests.factories import OrderFactory


@pytest.fixture
def receiver():
    with LocalServer() as running:
        yield running


@pytest.fixture
def partner_order(partner_api):
    partner, _client = partner_api
    return OrderFactory(partner=partner, brand=partner.brand, channel="partner_api",
                        partner_order_id="P-77")


def test_status_change_is_posted_signed_after_commit(receiver, partner_order,
                                                     django_capture_on_commit_callbacks):
    endpoint = WebhookEndpoint.objects.create(partner=partner_order.partner, url=f"{receiver.url}/hook")
    receiver.serve("/hook", 204)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        order_move(order_id=partner_order.pk, to=Status.CONFIRMED, system="test")
    assert receiver.requests == []  # nothing leaves before the commit
    for callback in pending:
        callback()

    [request] = receiver.requests
    header = request["headers"]["X-RG-Signature"]
    assert services.signature_verify(secret=endpoint.secret, header=header, body=request["body"])
    assert not services.signature_verify(secret="wrong", header=header, body=request["body"])
    assert not services.signature_verify(secret=endpoint.secret, header=header,
                                         body=request["body"] + b" ")
    # The recipe the README gives partners, done by hand.
    import hashlib
    import hmac

    parts = dict(part.split("=", 1) for part in header.split(","))
    expected = hmac.new(endpoint.secret.encode(), f"{parts['t']}.".encode() + request["body"],
                        hashlib.sha256).hexdigest()
    assert parts["v1"] == expected
    event = json.loads(request["body"])
    assert event["type"] == "order.status_changed"
    assert event["data"] == {"order_id": partner_order.pk, "number": partner_order.number,
                             "partner_order_id": "P-77", "status": "confirmed",
                             "previous_status": "new"}
    assert request["headers"]["X-RG-Delivery"] == str(OutboxMessage.objects.get(channel="webhook").pk)
    delivery = OutboxMessage.objects.get(channel="webhook")
    assert (delivery.channel, delivery.state, delivery.attempts) == ("webhook", "sent", 1)


def test_rolled_back_change_sends_nothing(receiver, partner_order, django_capture_on_commit_callbacks):
    from django.db import transaction

    WebhookEndpoint.objects.create(partner=partner_order.partner, url=f"{receiver.url}/hook")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            order_move(order_id=partner_order.pk, to=Status.CONFIRMED, system="test")
            raise RuntimeError("the caller changed its mind")
    assert OutboxMessage.objects.count() == 0 and receiver.requests == []
    other = OrderFactory(partner=None, partner_order_id="")  # not a partner's: no event at all
    with django_capture_on_commit_callbacks(execute=True):
        order_move(order_id=other.pk, to=Status.CONFIRMED, system="test")
    assert OutboxMessage.objects.filter(channel="webhook").count() == 0


def test_failed_attempts_are_retried_with_backoff_then_delivered(receiver, partner_order,
                                                                 django_capture_on_commit_callbacks):
    WebhookEndpoint.objects.create(partner=partner_order.partner, url=f"{receiver.url}/hook")
    receiver.serve("/hook", 500, 503, 200)
    with django_capture_on_commit_callbacks(execute=True):
        order_move(order_id=partner_order.pk, to=Status.CONFIRMED, system="test")
    delivery = OutboxMessage.objects.get(channel="webhook")
    assert (delivery.state, delivery.attempts) == ("failed", 1) and "HTTP 500" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()  # backoff: not due yet
    assert outbox.outbox_sweep() == 0 and len(receiver.requests) == 1
    for _attempt in (2, 3):  # time passes: the sweeper finds it due
        OutboxMessage.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        assert outbox.outbox_sweep() == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == ("sent", 3, "")
    assert len(receiver.requests) == 3
    # Every attempt is the same event with the same delivery id: a receiver can drop repeats.
    assert len({request["body"] for request in receiver.requests}) == 1
    assert len({request["headers"]["X-RG-Delivery"] for request in receiver.requests}) == 1
    assert outbox.backoff_seconds(1) == 30 and outbox.backoff_seconds(3) == 120


def test_attempts_run_out_and_the_delivery_fails(receiver, partner_order, settings,
                                                 django_capture_on_commit_callbacks):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    WebhookEndpoint.objects.create(partner=partner_order.partner, url=f"{receiver.url}/hook")
    receiver.serve("/hook", 500)
    with django_capture_on_commit_callbacks(execute=True):
        order_move(order_id=partner_order.pk, to=Status.CONFIRMED, system="test")
    for _attempt in (2, 3):
        OutboxMessage.objects.filter(channel="webhook", state="failed").update(next_attempt_at=timezone.now())
        outbox.outbox_sweep()
    delivery = OutboxMessage.objects.get(channel="webhook")
    assert (delivery.state, delivery.attempts) == ("dead", 3)
    OutboxMessage.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert outbox.outbox_sweep() == 0 and len(receiver.requests) == 3  # dead stays dead
    assert "HTTP 500" in delivery.last_error


def test_private_addresses_are_refused_outside_tests(receiver, partner_order, settings,
                                                     django_capture_on_commit_callbacks):
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = False
    WebhookEndpoint.objects.create(partner=partner_order.partner, url=f"{receiver.url}/hook")
    with django_capture_on_commit_callbacks(execute=True):
        order_move(order_id=partner_order.pk, to=Status.CONFIRMED, system="test")
    delivery = OutboxMessage.objects.get(channel="webhook")
    assert delivery.state == "dead" and "private address" in delivery.last_error
    assert receiver.requests == []
    with pytest.raises(services.UnsafeWebhookURL):
        services.url_guard("http://169.254.169.254/latest/meta-data")
    with pytest.raises(services.UnsafeWebhookURL):
        services.url_guard("file:///etc/passwd")
