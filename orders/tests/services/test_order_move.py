import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection

from catalog.exceptions import OutOfStock
from catalog.models import StockItem
from catalog.tests.factories import ProductFactory, StockItemFactory
from core.models import OutboxMessage
from orders.exceptions import StaleOrder, TransitionRefused
from orders.models import Order, OrderEvent, Status
from orders.rules import NEXT
from orders.services import order_move
from orders.tests.factories import OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db

ALL_MOVES = [(here, there) for here in Status.values for there in Status.values]
LEGAL = [(here, there) for here, there in ALL_MOVES if there in NEXT[here]]
ILLEGAL = [(here, there) for here, there in ALL_MOVES if there not in NEXT[here]]


def test_the_machine_matches_the_architecture():
    assert NEXT[Status.NEW] == {Status.CONFIRMED, Status.AWAITING_CUSTOMER, Status.CANCELLED}
    assert NEXT[Status.AWAITING_CUSTOMER] == {Status.CONFIRMED, Status.CANCELLED}
    assert NEXT[Status.OUT_FOR_DELIVERY] == {Status.DELIVERED, Status.FAILED, Status.CANCELLED}
    # After a failure: out again, planned again (resend), delivered after all (a late report).
    assert NEXT[Status.FAILED] == {Status.OUT_FOR_DELIVERY, Status.ASSEMBLING, Status.DELIVERED,
                                   Status.CANCELLED}
    assert NEXT[Status.DELIVERED] == NEXT[Status.CANCELLED] == set()
    for here in Status.values:
        if here not in (Status.DELIVERED, Status.CANCELLED):
            assert Status.CANCELLED in NEXT[here], f"{here} must be cancellable"


@pytest.mark.parametrize(("here", "there"), LEGAL)
def test_a_legal_move_changes_the_status_bumps_the_version_and_writes_an_event(here, there):
    order = OrderFactory(status=here)

    moved = order_move(order_id=order.pk, to=there, system="test", note="why")

    assert moved.status == there and moved.version == order.version + 1
    event = OrderEvent.objects.get(order=order, kind="status_changed")
    assert (event.before, event.after, event.message) == ({"status": here}, {"status": there},
                                                          "why")


@pytest.mark.parametrize(("here", "there"), ILLEGAL)
def test_an_illegal_move_is_refused_and_changes_nothing(here, there):
    order = OrderFactory(status=here)

    with pytest.raises(TransitionRefused) as refused:
        order_move(order_id=order.pk, to=there)

    assert order.number in refused.value.message
    order.refresh_from_db()
    assert (order.status, order.version) == (here, 1)
    assert not OrderEvent.objects.filter(order=order).exists()


def test_a_stale_version_is_refused():
    order = OrderFactory()
    order_move(order_id=order.pk, to=Status.CONFIRMED, expected_version=1)
    with pytest.raises(StaleOrder) as stale:
        order_move(order_id=order.pk, to=Status.CANCELLED, expected_version=1)
    assert "changed by someone else" in stale.value.message
    assert Order.objects.get(pk=order.pk).status == Status.CONFIRMED


def test_confirming_reserves_stock_and_cancelling_releases_it():
    stock = StockItemFactory(on_hand=5)
    order = OrderFactory()
    OrderLineFactory(order=order, product=stock.product, quantity=3)

    order_move(order_id=order.pk, to=Status.CONFIRMED)
    stock.refresh_from_db()
    assert stock.reserved == 3

    order_move(order_id=order.pk, to=Status.CANCELLED)
    stock.refresh_from_db()
    assert stock.reserved == 0
    kinds = list(order.events.values_list("kind", flat=True))
    assert kinds.count("stock_reserved") == 1 and kinds.count("stock_released") == 1


def test_confirming_without_enough_stock_is_refused_whole():
    plenty, scarce = StockItemFactory(on_hand=10), StockItemFactory(on_hand=1)
    order = OrderFactory()
    OrderLineFactory(order=order, product=plenty.product, quantity=2)
    OrderLineFactory(order=order, product=scarce.product, quantity=2)

    with pytest.raises(OutOfStock) as short:
        order_move(order_id=order.pk, to=Status.CONFIRMED)

    assert short.value.shortages == [(scarce.product.sku, 2, 1)]
    assert list(StockItem.objects.values_list("reserved", flat=True)) == [0, 0]
    assert Order.objects.get(pk=order.pk).status == Status.NEW


def test_delivery_takes_the_reserved_goods_off_the_shelf():
    stock = StockItemFactory(on_hand=5)
    order = OrderFactory(status=Status.OUT_FOR_DELIVERY)
    line = OrderLineFactory(order=order, product=stock.product, quantity=2)
    StockItem.objects.filter(pk=stock.pk).update(reserved=2)
    line.reservations.create(stock=stock, quantity=2)

    order_move(order_id=order.pk, to=Status.DELIVERED)

    stock.refresh_from_db()
    assert (stock.on_hand, stock.reserved) == (3, 0)


def test_confirmation_e_mail_is_sent_after_commit_in_the_customers_language(
    django_capture_on_commit_callbacks,
):
    order = OrderFactory(customer__language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        order_move(order_id=order.pk, to=Status.CONFIRMED)

    message = OutboxMessage.objects.get(about=f"order:{order.pk}", channel="email")
    assert (message.kind, message.state) == ("confirmation", OutboxMessage.State.SENT)
    assert message.payload["language"] == "ru" and "подтвержд" in message.payload["subject"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [order.customer.email]
    assert order.events.filter(kind="message_sent").exists()


def test_nothing_is_sent_for_a_change_that_rolled_back(django_capture_on_commit_callbacks):
    order = OrderFactory()
    OrderLineFactory(order=order, product=ProductFactory(), quantity=1)  # no stock anywhere
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(OutOfStock):
        order_move(order_id=order.pk, to=Status.CONFIRMED)
    assert mail.outbox == [] and not OutboxMessage.objects.exists()


def test_a_customer_without_e_mail_gets_a_not_reached_row_only_when_they_have_one():
    order = OrderFactory(customer__email="")
    order_move(order_id=order.pk, to=Status.AWAITING_CUSTOMER)
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_operators_on_one_order_cannot_both_win(postgres_only):
    order = OrderFactory()
    results, barrier = [], threading.Barrier(2)

    def act(target):
        try:
            barrier.wait()
            order_move(order_id=order.pk, to=target, expected_version=1)
            results.append(target)
        except StaleOrder:
            results.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(target,))
               for target in (Status.CONFIRMED, Status.CANCELLED)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results.count("stale") == 1
    winner = next(result for result in results if result != "stale")
    order.refresh_from_db()
    assert (order.status, order.version) == (winner, 2)
    assert OrderEvent.objects.filter(order=order, kind="status_changed").count() == 1


def test_money_stays_decimal():
    order = OrderFactory(total=Decimal("12500.50"))
    assert isinstance(Order.objects.get(pk=order.pk).total, Decimal)
