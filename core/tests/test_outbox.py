"""The outbox against real parts: a real SMTP server, a port where nothing listens, two
claimers racing on PostgreSQL, the admin's "retry now" and /healthz."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from channels_intake.models import WebhookEndpoint
from channels_intake.tests.factories import PartnerFactory
from channels_intake.tests.httpserver import LocalServer
from core import health, outbox
from core.models import OutboxMessage
from core.tests.smtp import SMTPServer, free_port
from orders.models import Status
from orders.services import order_move
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def _smtp_settings(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 10


@pytest.fixture
def smtp(settings):
    with SMTPServer() as server:
        _smtp_settings(settings, server.port)
        yield server


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
    _smtp_settings(settings, port)
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


def test_a_recipient_the_server_refuses_is_dead_at_once(smtp):
    message = outbox.outbox_put(channel="email", event="test:1", recipient="nobody@invalid",
                                payload=outbox.email_payload(subject="s", body="b"))
    refused = []

    async def handle_RCPT(server, session, envelope, address, rcpt_options):
        refused.append(address)
        return "550 5.1.1 no such user"

    smtp.sink.handle_RCPT = handle_RCPT  # the server refuses every recipient from now on
    outbox.outbox_send(message_id=message.pk)
    message.refresh_from_db()
    assert refused == ["nobody@invalid"]  # the failure we set up did happen
    assert message.state == "dead" and "recipient refused" in message.last_error


def test_attempts_run_out_and_retry_now_sends_again(settings, admin_client,
                                                    django_capture_on_commit_callbacks):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    port = free_port()
    _smtp_settings(settings, port)
    message = outbox.outbox_put(channel="email", event="test:2", recipient="ani@example.am",
                                payload=outbox.email_payload(subject="s", body="b"))
    outbox.outbox_send(message_id=message.pk)
    _due_now(message)
    outbox.outbox_sweep()
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("dead", 2)
    report = outbox.outbox_health()
    assert report["ok"] is False and report["counts"]["dead"] == 1

    changelist = "/admin/core/outboxmessage/"
    page = admin_client.get(changelist, {"state__exact": "dead", "channel__exact": "email"})
    assert page.status_code == 200 and "ani@example.am" in page.content.decode()
    with SMTPServer(port=port) as server, django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(changelist, {"action": "retry_now",
                                                  "_selected_action": [message.pk]}, follow=True)
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.state == "sent" and len(server.sink.accepted) == 1


def test_an_expired_claim_is_taken_over_and_the_late_worker_records_nothing():
    message = outbox.outbox_put(channel="email", event="test:3", recipient="a@b.am",
                                payload=outbox.email_payload(subject="s", body="b"))
    first = outbox.outbox_claim(message_id=message.pk)
    assert outbox.outbox_claim(message_id=message.pk) is None  # held
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1))  # the first worker was killed
    second = outbox.outbox_claim(message_id=message.pk)
    assert second is not None and second.claimed_by != first.claimed_by
    assert second.attempts == 2

    outbox._record(first, error="", permanent=False)  # a late outcome from the lost claim
    message.refresh_from_db()
    assert (message.state, message.claimed_by) == ("sending", second.claimed_by)


def test_killed_after_the_server_accepted_it_is_sent_again_with_the_same_message_id(smtp):
    """The documented at-least-once window: the server accepted, the worker died before
    writing `sent`. The row is sent again after its claim expires, with the same Message-ID,
    so the receiving side can drop the repeat."""
    message = outbox.outbox_put(channel="email", event="test:5", recipient="ani@example.am",
                                payload=outbox.email_payload(subject="s", body="b"))
    claimed = outbox.outbox_claim(message_id=message.pk)
    outbox.send_email(claimed)  # accepted by the server ... and the worker dies here
    assert outbox.outbox_sweep() == 0  # its claim still holds: nobody else sends it
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1))
    assert outbox.outbox_sweep() == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("sent", 2)
    first, second = smtp.sink.to("ani@example.am")
    assert first["Message-ID"] == second["Message-ID"] == outbox.message_id_header(message)


def test_healthz_reports_the_oldest_unsent_message(client):
    message = outbox.outbox_put(channel="email", event="test:4", recipient="a@b.am",
                                payload=outbox.email_payload(subject="s", body="b"))
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(hours=1))
    report = health.check_outbox()
    assert report["ok"] is False and report["oldest_unsent_seconds"] >= 3600
    assert report["counts"]["pending"] == 1
    assert "outbox" in client.get("/healthz").json()["checks"]


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
