"""Indexes for the desk's search box (issue #6), on PostgreSQL: trigram indexes for "name or
phone contains" and expression indexes for the case-insensitive order numbers, matching the
SQL Django writes for icontains (UPPER(col::text) LIKE ...), contains and iexact. The embedded
SQLite default has no pg_trgm and small data: nothing to do there."""

from django.db import migrations

INDEXES = [
    ("orders_customer_name_trgm", "orders_customer", "gin", "(UPPER(name::text)) gin_trgm_ops"),
    ("orders_customer_phone_trgm", "orders_customer", "gin", "(phone::text) gin_trgm_ops"),
    ("orders_order_recipient_trgm", "orders_order", "gin",
     "(UPPER(recipient_name::text)) gin_trgm_ops"),
    ("orders_order_rphone_trgm", "orders_order", "gin", "(recipient_phone::text) gin_trgm_ops"),
    ("orders_order_site_upper", "orders_order", "btree", "(UPPER(site_number::text))"),
    ("orders_order_partner_ref_upper", "orders_order", "btree",
     "(UPPER(partner_order_id::text))"),
    ("orders_lead_site_upper", "orders_lead", "btree", "(UPPER(site_number::text))"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, method, expression in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING {method} ({expression})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _method, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [("orders", "0002_desk_queue_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
