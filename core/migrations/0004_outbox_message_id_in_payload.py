"""E-mail rows carry their Message-ID in the payload (drawn at random when written, issue 17).
Rows written before and not sent yet keep the id they were given then (an inquiry's reply has it
on record for threading), written into their payload once here."""

import hashlib

from django.conf import settings
from django.db import migrations


def keep_ids_of_unsent_rows(apps, schema_editor):
    OutboxMessage = apps.get_model("core", "OutboxMessage")
    rows = (OutboxMessage.objects.filter(channel="email").exclude(state="sent")
            .exclude(payload__has_key="message_id"))
    for row in rows.iterator():
        sender = row.payload.get("from") or settings.DEFAULT_FROM_EMAIL
        domain = sender.rpartition("@")[2] or "localhost"
        digest = hashlib.sha256(f"{row.event}|{row.recipient}".encode()).hexdigest()[:16]
        row.payload["message_id"] = f"<outbox-{row.pk}-{digest}@{domain}>"
        row.save(update_fields=["payload"])


class Migration(migrations.Migration):
    dependencies = [("core", "0003_outbox")]

    operations = [migrations.RunPython(keep_ids_of_unsent_rows, migrations.RunPython.noop)]
