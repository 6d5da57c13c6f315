"""Issue 17: e-mail rows carry a random Message-ID drawn once, in their payload. Rows queued
before keep the id they were given then (an inquiry's reply has it on record for threading)."""

import hashlib
import importlib

import pytest
from django.apps import apps

from core import outbox
from core.models import OutboxMessage

pytestmark = pytest.mark.django_db
migration = importlib.import_module("core.migrations.0004_outbox_message_id_in_payload")


def test_rows_queued_before_keep_their_old_id_and_sent_ones_are_left_alone():
    payload = {"subject": "s", "body": "b", "from": "desk@rg.example"}
    queued = OutboxMessage.objects.create(channel="email", event="e:1", recipient="a@x.example",
                                          payload=dict(payload))
    sent = OutboxMessage.objects.create(channel="email", event="e:2", recipient="a@x.example",
                                        payload=dict(payload), state="sent")
    hook = OutboxMessage.objects.create(channel="webhook", event="e:3", recipient="https://x",
                                        payload={"endpoint_id": 1})
    migration.keep_ids_of_unsent_rows(apps, None)
    for row in (queued, sent, hook):
        row.refresh_from_db()
    digest = hashlib.sha256(b"e:1|a@x.example").hexdigest()[:16]
    assert outbox.message_id_header(queued) == f"<outbox-{queued.pk}-{digest}@rg.example>"
    assert "message_id" not in sent.payload and "message_id" not in hook.payload


def test_new_rows_draw_their_id_once_and_keep_it():
    row = outbox.outbox_put(channel="email", event="e:4", recipient="a@x.example",
                            payload=outbox.email_payload(subject="s", body="b"))
    again = outbox.outbox_put(channel="email", event="e:4", recipient="a@x.example",
                              payload=outbox.email_payload(subject="s", body="b"))
    assert again.pk == row.pk and outbox.message_id_header(again) == outbox.message_id_header(row)
    assert outbox.message_id_header(row) != outbox.email_payload(subject="s", body="b")["message_id"]
