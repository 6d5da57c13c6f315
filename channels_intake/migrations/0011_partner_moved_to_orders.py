"""Partner now lives in orders (orders 0005_partner_moved_from_intake). State only: sources, API
keys, idempotency records and webhook endpoints keep their columns and foreign key constraints
to the same table `channels_intake_partner`; only Django's idea of the target model changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("channels_intake", "0010_partner_api"),
        ("orders", "0005_partner_moved_from_intake"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="source",
                    name="partner",
                    field=models.ForeignKey(blank=True, null=True,
                                            on_delete=django.db.models.deletion.PROTECT,
                                            related_name="sources", to="orders.partner",
                                            verbose_name="partner"),
                ),
                migrations.AlterField(
                    model_name="partnerapikey",
                    name="partner",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                            related_name="api_keys", to="orders.partner",
                                            verbose_name="partner"),
                ),
                migrations.AlterField(
                    model_name="webhookendpoint",
                    name="partner",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                            related_name="webhook_endpoints", to="orders.partner",
                                            verbose_name="partner"),
                ),
                migrations.AlterField(
                    model_name="idempotencykey",
                    name="partner",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                            related_name="idempotency_keys", to="orders.partner",
                                            verbose_name="partner"),
                ),
                migrations.DeleteModel(name="Partner"),
            ],
            database_operations=[],
        ),
    ]
