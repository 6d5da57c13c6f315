"""The notice templates and the brands' switches come over from orders without losing a row:
notices takes the existing tables into its state (orders 0014 forgets them), renames them
notices_*, and moves their content types (so the admin's history and the roles' permissions
follow them)."""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ("noticetemplate", "brandnotice")


def content_types_move(apps, schema_editor, source="orders", target="notices"):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label=target, model=model).exists():
            content_type.objects.filter(app_label=source, model=model).update(app_label=target)


def content_types_back(apps, schema_editor):
    content_types_move(apps, schema_editor, source="notices", target="orders")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("orders", "0015_notices_move_to_notices_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='NoticeTemplate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('confirmation', 'order confirmed'), ('not_reached', 'could not reach you'), ('changed', 'order changed'), ('tracking', 'tracking number'), ('on_the_way', 'on the way'), ('delivered', 'delivered'), ('delivery_failed', 'delivery failed'), ('parcel_moved', 'parcel moved'), ('parcel_waiting', 'parcel waits at the post office'), ('control_resolved', 'after a missed delivery'), ('feedback', 'feedback request'), ('assembly_notice', 'change notice to assembly'), ('courier_notice', 'change notice to the courier')], max_length=20, verbose_name='kind')),
                        ('language', models.CharField(choices=[('hy', 'Armenian'), ('ru', 'Russian'), ('en', 'English')], max_length=8, verbose_name='language')),
                        ('subject', models.CharField(max_length=200, verbose_name='e-mail subject')),
                        ('body', models.TextField(max_length=5000, verbose_name='e-mail text')),
                        ('sms', models.CharField(blank=True, help_text='Empty: no SMS for this notice in this language.', max_length=480, verbose_name='SMS text')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ],
                    options={
                        'verbose_name': 'notice template',
                        'verbose_name_plural': 'notice templates',
                        'ordering': ['kind', 'language'],
                        'db_table': 'orders_noticetemplate',
                        'constraints': [models.UniqueConstraint(fields=('kind', 'language'), name='notice_template_once')],
                    },
                ),
                migrations.CreateModel(
                    name='BrandNotice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('confirmation', 'order confirmed'), ('not_reached', 'could not reach you'), ('changed', 'order changed'), ('tracking', 'tracking number'), ('on_the_way', 'on the way'), ('delivered', 'delivered'), ('delivery_failed', 'delivery failed'), ('parcel_moved', 'parcel moved'), ('parcel_waiting', 'parcel waits at the post office'), ('control_resolved', 'after a missed delivery'), ('feedback', 'feedback request'), ('assembly_notice', 'change notice to assembly'), ('courier_notice', 'change notice to the courier')], max_length=20, verbose_name='kind')),
                        ('email', models.BooleanField(default=True, verbose_name='send by e-mail')),
                        ('sms', models.BooleanField(default=False, verbose_name='send by SMS')),
                        ('brand', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notices', to='orders.brand', verbose_name='brand')),
                    ],
                    options={
                        'verbose_name': 'brand notice switch',
                        'verbose_name_plural': 'brand notice switches',
                        'ordering': ['brand', 'kind'],
                        'db_table': 'orders_brandnotice',
                        'constraints': [models.UniqueConstraint(fields=('brand', 'kind'), name='brand_notice_once')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="noticetemplate", table=None),
        migrations.AlterModelTable(name="brandnotice", table=None),
        migrations.RunPython(content_types_move, content_types_back),
    ]
