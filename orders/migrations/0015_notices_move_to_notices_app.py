"""The notice templates and the brands' notice switches now belong to the notices app: orders
forgets them in its state only; notices takes the same tables over (notices 0001)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("orders", "0014_lead_created_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="BrandNotice"),
                migrations.DeleteModel(name="NoticeTemplate"),
            ],
            database_operations=[],
        ),
    ]
