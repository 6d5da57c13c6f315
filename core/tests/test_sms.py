"""The SMS gateway backends: the HTTP one against a real local HTTP server (success, a 500,
a timeout, a refusal), the file one on disk; through the outbox, so a failure is retried."""

import json

import pytest
from django.utils import timezone

from channels_intake.tests.httpserver import LocalServer
from core import outbox
from core.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(settings):
    with LocalServer() as server:
        settings.SMS_BACKEND = "core.sms.HttpSmsBackend"
        settings.SMS_HTTP_URL = server.url + "/send"
        settings.SMS_HTTP_TOKEN = "s3cret"
        settings.SMS_HTTP_TIMEOUT_SECONDS = 0.5
        yield server


def _sms(text="Order RG-000001 is on its way", to="+37491123456") -> OutboxMessage:
    return outbox.outbox_put(channel="sms", event="test:1", recipient=to, kind="on_the_way",
                             payload={"text": text})


def _due(message):
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())


def test_a_success_posts_json_with_the_token_once(gateway):
    gateway.serve("/send", (200, b'{"ok": true}'))
    message = _sms()
    sent = outbox.outbox_send(message_id=message.pk)
    assert (sent.state, sent.attempts) == ("sent", 1)
    [request] = gateway.requests
    assert request["headers"]["Authorization"] == "Bearer s3cret"
    body = json.loads(request["body"])
    assert (body["to"], body["text"], body["id"]) == (
        "+37491123456", "Order RG-000001 is on its way", f"outbox-{message.pk}")
    assert outbox.outbox_send(message_id=message.pk) is None
    assert len(gateway.requests) == 1


def test_a_500_is_retried_and_then_sent(gateway):
    gateway.serve("/send", (500, b"down"), (200, b"{}"))
    message = _sms()
    failed = outbox.outbox_send(message_id=message.pk)
    assert (failed.state, failed.attempts) == ("failed", 1)
    assert "HTTP 500" in failed.last_error  # visible in the admin
    _due(message)
    assert outbox.outbox_send(message_id=message.pk).state == "sent"
    assert len(gateway.requests) == 2


def test_a_timeout_is_retried(gateway):
    gateway.serve("/send", (200, b"{}", 2.0))
    failed = outbox.outbox_send(message_id=_sms().pk)
    assert failed.state == "failed"
    assert "Timeout" in failed.last_error


def test_a_refusal_is_permanent(gateway):
    gateway.serve("/send", (400, b"bad number"))
    assert outbox.outbox_send(message_id=_sms().pk).state == "dead"


def test_a_number_that_is_not_e164_never_leaves(gateway):
    assert outbox.outbox_send(message_id=_sms(to="091 12 34 56").pk).state == "dead"
    assert gateway.requests == []


def test_the_default_file_backend_writes_one_file(settings, tmp_path):
    settings.SMS_BACKEND = "core.sms.FileSmsBackend"
    settings.SMS_FILE_DIR = tmp_path
    assert outbox.outbox_send(message_id=_sms().pk).state == "sent"
    [written] = tmp_path.iterdir()
    assert json.loads(written.read_text())["to"] == "+37491123456"
