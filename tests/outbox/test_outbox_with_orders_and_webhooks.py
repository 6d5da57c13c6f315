"""The outbox with the apps that write into it, against real parts: an order's confirmation
reaches a real SMTP server once, a refused port is recorded and retried while the order's
change stands, and a partner webhook is posted once when two workers race for it on
PostgreSQL."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from channels_intake.models import WebhookEndpoint
from channels_intake.tests.factories import PartnerFactory
from channels_intake.tests.httpserver import LocalServer
from core import outbox
from core.models import OutboxMessage
from core.tests.smtp import SMTPServer, free_port, use_smtp
from orders.models import Status
from orders.services import order_move
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def _due_now(message: OutboxMessage) -> None:
    """Time passes until the retry is due (the test does not sleep through the backoff)."""
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())


def test_a_confirmation_reaches_a_real_smtp_server_once(smtp, django_capture_on_commit_callbacks):
    order = OrderFactory(customer__email="ani@example.am", customer__language="en")
    with django_capture_on_commit_callbacks(execute=True):
        order_move(order_id=order.pk, to=Status.CONFIRMED)

    message = OutboxMessage.objects.get(about=f"order:{order.pk}")
    assert (message.state, message.attempts, message.last_error) == ("sent", 1, "")
    [received] = smtp.sink.to("ani@example.am")
    assert received["Subject"] == f"Your order {order.number} is confirmed"
    assert received["Message-ID"] == outbox.message_id_header(message)
    # Sending it again is nothing: not by the task, the sweeper or "retry now".
    assert outbox.outbox_send(message_id=message.pk) is None
    assert outbox.outbox_sweep() == 0
    assert outbox.outbox_retry(message_ids=[message.pk]) == 0
    assert len(smtp.sink.accepted) == 1
    assert order.events.filter(kind="message_sent", message="ani@example.am").count() == 1


def test_a_refused_port_is_recorded_and_retried_until_the_server_is_up(
        settings, django_capture_on_commit_callbacks):
    port = free_port()  # nothing listens here yet
    use_smtp(settings, port)
    order = OrderFactory(customer__email="ani@example.am")
    with django_capture_on_commit_callbacks(execute=True):
        order_move(order_id=order.pk, to=Status.CONFIRMED)

    order.refresh_from_db()
    assert order.status == Status.CONFIRMED  # the change stands; the failure is the row's
    message = OutboxMessage.objects.get(about=f"order:{order.pk}")
    assert (message.state, message.attempts) == ("failed", 1)
    assert "Connection refused" in message.last_error or "ConnectionRefused" in message.last_error
    assert message.next_attempt_at > timezone.now()
    assert not order.events.filter(kind="message_sent").exists()
    assert outbox.outbox_sweep() == 0  # not due yet: backoff

    _due_now(message)
    assert outbox.outbox_sweep() == 1  # still refused: attempt 2, later again
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("failed", 2)
    assert (message.next_attempt_at - timezone.now()) > timedelta(seconds=45)

    with SMTPServer(port=port) as server, django_capture_on_commit_callbacks(execute=True):
        _due_now(message)
        assert outbox.outbox_sweep() == 1
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == ("sent", 3, "")
    assert len(server.sink.to("ani@example.am")) == 1
    assert order.events.filter(kind="message_sent").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("second", ["task", "sweeper"])
def test_a_webhook_is_posted_once_when_two_workers_race_for_it(postgres_only, second):
    """The kick after commit and a retry (or the sweeper) reach the same row at once: one
    claim wins, the receiver hears it once."""
    partner = PartnerFactory()
    with LocalServer() as receiver:
        receiver.serve("/hook", 200)
        endpoint = WebhookEndpoint.objects.create(partner=partner, url=f"{receiver.url}/hook")
        message = OutboxMessage.objects.create(
            channel="webhook", event="order.status_changed:1:v2", recipient=endpoint.url,
            payload={"endpoint_id": endpoint.pk,
                     "event": {"id": "e1", "type": "order.status_changed", "data": {}}})
        results, barrier = [], threading.Barrier(2)

        def worker(run):
            try:
                barrier.wait(timeout=10)
                results.append(run())
            finally:
                connection.close()

        runs = [lambda: outbox.outbox_send(message_id=message.pk) is not None,
                (lambda: outbox.outbox_send(message_id=message.pk) is not None) if second == "task"
                else (lambda: outbox.outbox_sweep() == 1)]
        threads = [threading.Thread(target=worker, args=(run,)) for run in runs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        assert sorted(results) == [False, True]
        assert len(receiver.requests) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("sent", 1)

