"""When and by whom each order was confirmed, as columns the state machine writes. The backfill
is the one time the timeline is read as data: the first move to "confirmed" of each order
(an order is confirmed once; the machine has no way back)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Order, OrderEvent = apps.get_model("orders", "Order"), apps.get_model("orders", "OrderEvent")
    confirmations = OrderEvent.objects.filter(kind="status_changed", after__status="confirmed")
    first = confirmations.filter(order=OuterRef("pk")).order_by("created_at", "id")
    (Order.objects.filter(pk__in=confirmations.values("order"))
     .update(confirmed_at=Subquery(first.values("created_at")[:1]),
             confirmed_by=Subquery(first.values("actor")[:1])))


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0012_readable_texts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='order',
            name='confirmed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='confirmed'),
        ),
        migrations.AddField(
            model_name='order',
            name='confirmed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='confirmed by'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
