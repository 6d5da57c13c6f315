"""The outbox against real parts: a real SMTP server, a port where nothing listens, an
expired claim taken over, the admin's "retry now" and /healthz. (Orders and webhooks going
through it: tests/outbox/.)"""

from datetime import timedelta

import pytest
from django.utils import timezone

from core import outbox
from core.models import OutboxMessage
from core.tests.smtp import SMTPServer, free_port, use_smtp

pytestmark = pytest.mark.django_db


def _due_now(message: OutboxMessage) -> None:
    """Time passes until the retry is due (the test does not sleep through the backoff)."""
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())


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
    use_smtp(settings, port)
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


def test_healthz_reports_the_oldest_unsent_message(client, settings):
    message = outbox.outbox_put(channel="email", event="test:4", recipient="a@b.am",
                                payload=outbox.email_payload(subject="s", body="b"))
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(hours=1))
    report = outbox.outbox_health()
    assert report["ok"] is False and report["oldest_unsent_seconds"] >= 3600
    assert report["counts"]["pending"] == 1
    settings.HEALTHZ_TOKEN = "monitoring-token"  # the details are for staff and monitoring
    answer = client.get("/healthz", HTTP_AUTHORIZATION="Bearer monitoring-token").json()
    assert "outbox" in answer["checks"]
