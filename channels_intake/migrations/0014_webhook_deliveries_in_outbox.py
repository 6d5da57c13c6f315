from django.db import migrations


def pending_deliveries_to_outbox(apps, schema_editor):
    """Webhook deliveries still pending move to the outbox, which sends them from now on."""
    WebhookDelivery = apps.get_model("channels_intake", "WebhookDelivery")
    OutboxMessage = apps.get_model("core", "OutboxMessage")
    for delivery in WebhookDelivery.objects.filter(status="pending").select_related("endpoint"):
        OutboxMessage.objects.get_or_create(
            event=f"{delivery.event}:delivery{delivery.pk}", recipient=delivery.endpoint.url,
            channel="webhook",
            defaults={"kind": delivery.event,
                      "about": f"order:{delivery.order_id}" if delivery.order_id else "",
                      "attempts": delivery.attempts, "last_error": delivery.last_error,
                      "created_at": delivery.created_at,
                      "payload": {"endpoint_id": delivery.endpoint_id, "event": delivery.payload}})


def forget_the_old_sweeper(apps, schema_editor):
    """Beat's database schedule keeps entries it once read from the settings: the webhook
    sweeper is the outbox sweeper now."""
    try:
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    except LookupError:  # beat's tables are not there yet: nothing was scheduled
        return
    PeriodicTask.objects.filter(task="channels_intake.webhooks_sweep").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('channels_intake', '0013_storefront_senders'),
        ('core', '0003_outbox'),
    ]

    operations = [
        migrations.RunPython(pending_deliveries_to_outbox, migrations.RunPython.noop),
        migrations.RunPython(forget_the_old_sweeper, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='WebhookDelivery',
        ),
    ]
