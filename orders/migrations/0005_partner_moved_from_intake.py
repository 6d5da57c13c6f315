"""Partner moves from channels_intake to orders (orders owns brands, partners and customers).

State only: the table `channels_intake_partner`, its rows, ids and every foreign key to it stay
as they are (the model keeps `db_table`). Order.partner now points at orders.Partner; the
intake's own foreign keys follow in channels_intake 0011, which also drops the old state."""

import django.db.models.deletion
from django.db import migrations, models


def content_type_follows(apps, schema_editor):
    # Permissions and admin history hang on the content type: move it instead of leaving a stale
    # channels_intake.partner beside a new, empty orders.partner.
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="orders", model="partner").exists():
        ContentType.objects.using(db).filter(app_label="channels_intake", model="partner").update(
            app_label="orders")


def content_type_goes_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="channels_intake", model="partner").exists():
        ContentType.objects.using(db).filter(app_label="orders", model="partner").update(
            app_label="channels_intake")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("channels_intake", "0010_partner_api"),
        ("orders", "0004_order_attention"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Partner",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("code", models.SlugField(max_length=40, unique=True, verbose_name="code")),
                        ("name", models.CharField(max_length=120, verbose_name="name")),
                        ("is_active", models.BooleanField(default=True, verbose_name="active")),
                        ("contact_email", models.EmailField(blank=True, max_length=254,
                                                            verbose_name="contact e-mail")),
                        ("brand", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                                    related_name="partners", to="orders.brand",
                                                    verbose_name="brand its orders go to")),
                    ],
                    options={
                        "verbose_name": "partner",
                        "verbose_name_plural": "partners",
                        "db_table": "channels_intake_partner",
                        "ordering": ["name"],
                    },
                ),
                migrations.AlterField(
                    model_name="order",
                    name="partner",
                    field=models.ForeignKey(blank=True, null=True,
                                            on_delete=django.db.models.deletion.PROTECT,
                                            related_name="orders", to="orders.partner",
                                            verbose_name="partner"),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_follows, content_type_goes_back),
    ]
