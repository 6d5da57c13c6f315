"""Who confirmed an order and when are the order's own columns, written by the state machine;
the timeline is a record, read as data once, by the migration's backfill (issue 18)."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from orders.models import Order, OrderEvent, Status
from orders.services import order_move
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_confirming_writes_when_and_who_on_the_order(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    aram = get_user_model().objects.create_user("aram", first_name="Aram")
    order = OrderFactory(status=Status.NEW)
    order_move(order_id=order.pk, to=Status.CONFIRMED, actor=aram)
    order.refresh_from_db()
    assert (order.confirmed_at, order.confirmed_by) == (timezone.now(), aram)


def test_a_process_that_confirms_leaves_no_person_and_other_moves_write_nothing():
    order = OrderFactory(status=Status.NEW)
    order_move(order_id=order.pk, to=Status.AWAITING_CUSTOMER, system="mailer")
    assert Order.objects.get(pk=order.pk).confirmed_at is None
    order_move(order_id=order.pk, to=Status.CONFIRMED, system="mailer")
    order.refresh_from_db()
    assert order.confirmed_at is not None and order.confirmed_by is None


def test_the_backfill_reads_each_orders_first_confirmation_from_the_timeline():
    backfill = importlib.import_module("orders.migrations.0013_order_confirmed_at_by").backfill
    aram = get_user_model().objects.create_user("aram")
    now = timezone.now()
    confirmed, never = OrderFactory(status=Status.CONFIRMED), OrderFactory(status=Status.NEW)
    for minutes, actor in ((30, None), (10, aram)):
        OrderEvent.objects.create(order=confirmed, kind=OrderEvent.Kind.STATUS_CHANGED,
                                  before={"status": "new"}, after={"status": "confirmed"},
                                  actor=actor, created_at=now - timedelta(minutes=minutes))
    OrderEvent.objects.create(order=never, kind=OrderEvent.Kind.STATUS_CHANGED,
                              before={"status": "new"}, after={"status": "awaiting_customer"})
    backfill(apps, None)
    confirmed.refresh_from_db()
    never.refresh_from_db()
    assert (confirmed.confirmed_at, confirmed.confirmed_by) == (now - timedelta(minutes=30), None)
    assert (never.confirmed_at, never.confirmed_by) == (None, None)
