"""Status changes POSTed to the partner's own receiver, signed, retried, logged."""

import json

import pytest

from channels_intake.models import WebhookDelivery, WebhookEndpoint
from channels_intake.tests.httpserver import LocalServer
from channels_intake.webhooks import services
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
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 1, 204)


def test_rolled_back_change_sends_nothing(receiver, partner_order, django_capture_on_commit_callbacks):
    from django.db import transaction

    WebhookEndpoint.objects.create(partner=partner_order.partner, url=f"{receiver.url}/hook")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            order_move(order_id=partner_order.pk, to=Status.CONFIRMED, system="test")
            raise RuntimeError("the caller changed its mind")
    assert WebhookDelivery.objects.count() == 0 and receiver.requests == []
    other = OrderFactory(partner=None, partner_order_id="")  # not a partner's: no event at all
    with django_capture_on_commit_callbacks(execute=True):
        order_move(order_id=other.pk, to=Status.CONFIRMED, system="test")
    assert WebhookDelivery.objects.count() == 0


def test_failed_attempts_are_retried_with_backoff_then_delivered(receiver, partner_order,
                                                                 django_capture_on_commit_callbacks):
    WebhookEndpoint.objects.create(partner=partner_order.partner, url=f"{receiver.url}/hook")
    receiver.serve("/hook", 500, 503, 200)
    with django_capture_on_commit_callbacks(execute=True):
        order_move(order_id=partner_order.pk, to=Status.CONFIRMED, system="test")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 3, 200)
    assert len(receiver.requests) == 3
    assert services.backoff_seconds(1) == 30 and services.backoff_seconds(3) == 120


def test_attempts_run_out_and_the_delivery_fails(receiver, partner_order, settings,
                                                 django_capture_on_commit_callbacks):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    WebhookEndpoint.objects.create(partner=partner_order.partner, url=f"{receiver.url}/hook")
    receiver.serve("/hook", 500)
    with django_capture_on_commit_callbacks(execute=True):
        order_move(order_id=partner_order.pk, to=Status.CONFIRMED, system="test")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert "HTTP 500" in delivery.last_error


def test_private_addresses_are_refused_outside_tests(receiver, partner_order, settings,
                                                     django_capture_on_commit_callbacks):
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = False
    WebhookEndpoint.objects.create(partner=partner_order.partner, url=f"{receiver.url}/hook")
    with django_capture_on_commit_callbacks(execute=True):
        order_move(order_id=partner_order.pk, to=Status.CONFIRMED, system="test")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and "private address" in delivery.last_error
    assert receiver.requests == []
    with pytest.raises(services.UnsafeWebhookURL):
        services.url_guard("http://169.254.169.254/latest/meta-data")
    with pytest.raises(services.UnsafeWebhookURL):
        services.url_guard("file:///etc/passwd")
