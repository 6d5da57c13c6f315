from django.db import migrations, models


def unsent_messages_to_outbox(apps, schema_editor):
    """Customer e-mails not yet sent move to the outbox, which sends them from now on."""
    CustomerMessage = apps.get_model("orders", "CustomerMessage")
    OutboxMessage = apps.get_model("core", "OutboxMessage")
    for message in CustomerMessage.objects.exclude(state="sent").select_related("order__brand"):
        OutboxMessage.objects.get_or_create(
            event=f"order.{message.kind}:{message.order_id}:m{message.pk}", recipient=message.to,
            channel="email",
            defaults={"kind": message.kind, "about": f"order:{message.order_id}",
                      "last_error": message.error, "created_at": message.created_at,
                      "payload": {"subject": message.subject, "body": message.body,
                                  "from": message.order.brand.email, "reply_to": "",
                                  "language": message.language}})


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0005_partner_moved_from_intake'),
        ('core', '0003_outbox'),
    ]

    operations = [
        migrations.AddField(
            model_name='brand',
            name='assembly_email',
            field=models.EmailField(blank=True, help_text='The florist or warehouse: told by e-mail when an order being assembled changes.', max_length=254, verbose_name='assembly e-mail'),
        ),
        migrations.RunPython(unsent_messages_to_outbox, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='CustomerMessage',
        ),
    ]
