"""The move of the notice models from orders to notices keeps every row: migrated forward on a
database that has templates and switches under orders, they are notices' rows, and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("orders", "0015_notices_move_to_notices_app"), ("notices", None)]
AFTER = [("notices", "0001_notices_from_orders")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([node for node in targets if node[1]]).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_templates_and_switches_keep_their_rows_when_notices_takes_them_over():
    old = _migrate(BEFORE)
    with connection.cursor() as cursor:  # orders has forgotten them: the tables are all there is
        cursor.execute("UPDATE orders_noticetemplate SET subject = 'Kept {order_number}' "
                       "WHERE kind = 'confirmation' AND language = 'en'")
        brand = old.get_model("orders", "Brand").objects.create(code="mv", name="Moved")
        cursor.execute("INSERT INTO orders_brandnotice (brand_id, kind, email, sms) "
                       "VALUES (%s, 'confirmation', false, true)", [brand.pk])
        cursor.execute("SELECT count(*) FROM orders_noticetemplate")
        templates = cursor.fetchone()[0]
    assert templates > 0

    new = _migrate(AFTER)
    template = new.get_model("notices", "NoticeTemplate")
    switch = new.get_model("notices", "BrandNotice")
    assert template._meta.db_table == "notices_noticetemplate"
    assert template.objects.count() == templates
    assert template.objects.get(kind="confirmation", language="en").subject == "Kept {order_number}"
    assert switch.objects.filter(brand_id=brand.pk, kind="confirmation", email=False,
                                 sms=True).exists()
    content_type = new.get_model("contenttypes", "ContentType")
    assert content_type.objects.filter(app_label="notices", model="noticetemplate").exists()
    assert not content_type.objects.filter(app_label="orders", model="noticetemplate").exists()

    _migrate(BEFORE)  # and back, for whoever must return
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM orders_brandnotice WHERE brand_id = %s", [brand.pk])
        assert cursor.fetchone()[0] == 1
    _migrate(AFTER)
