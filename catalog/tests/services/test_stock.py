import threading

import pytest
from django.db import IntegrityError, connection, transaction

from catalog.exceptions import OutOfStock
from catalog.models import Location, Reservation, StockItem
from catalog.services import stock_release, stock_reserve
from catalog.tests.factories import LocationFactory, ProductFactory, StockItemFactory
from orders.tests.factories import OrderLineFactory

pytestmark = pytest.mark.django_db


def test_reservation_takes_the_nearest_location_first_then_the_next():
    product = ProductFactory()
    shop = StockItemFactory(product=product, on_hand=2,
                            location=LocationFactory(name="Shop", priority=1))
    warehouse = StockItemFactory(product=product, on_hand=10, location=LocationFactory(
        name="Warehouse", kind=Location.Kind.WAREHOUSE, priority=2))
    line = OrderLineFactory(product=product, quantity=5)

    assert stock_reserve(lines=[line]) == {product.sku: 5}

    shop.refresh_from_db()
    warehouse.refresh_from_db()
    assert (shop.reserved, warehouse.reserved) == (2, 3)
    assert stock_release(lines=[line]) == {product.sku: 5}
    assert not Reservation.objects.exists()
    assert list(StockItem.objects.values_list("reserved", flat=True)) == [0, 0]


def test_reserving_twice_takes_nothing_more():
    stock = StockItemFactory(on_hand=5)
    line = OrderLineFactory(product=stock.product, quantity=2)
    stock_reserve(lines=[line])
    stock_reserve(lines=[line])
    stock.refresh_from_db()
    assert stock.reserved == 2


def test_lines_outside_the_catalog_are_left_to_a_person():
    assert stock_reserve(lines=[OrderLineFactory(product=None)]) == {}


def test_the_database_refuses_reserving_more_than_is_on_hand():
    stock = StockItemFactory(on_hand=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockItem.objects.filter(pk=stock.pk).update(reserved=2)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_reservations_never_oversell(postgres_only):
    stock = StockItemFactory(on_hand=5)
    lines = [OrderLineFactory(product=stock.product, quantity=1) for _ in range(12)]
    won, short, barrier = [], [], threading.Barrier(len(lines))

    def reserve(line):
        try:
            barrier.wait()
            with transaction.atomic():
                stock_reserve(lines=[line])
            won.append(line.pk)
        except OutOfStock:
            short.append(line.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=reserve, args=(line,)) for line in lines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    stock.refresh_from_db()
    assert (len(won), len(short)) == (5, 7)
    assert stock.reserved == 5 == Reservation.objects.count()
