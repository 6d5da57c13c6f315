"""The queue and the order page cost a fixed number of queries, whatever the data size."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog.tests.factories import ProductFactory, StockItemFactory
from delivery.services import courier_assign
from orders.models import Lead, OrderEvent, Status
from orders.services import order_addon_add
from orders.tests.factories import BrandFactory, CustomerFactory

from .conftest import make_order

pytestmark = pytest.mark.django_db

# user, groups, the customers of a search, the page of orders, leads, and the header's badges in
# one query (review count, overdue inquiries, the control list's counts; the session and the
# filter bar's brand and courier choices come from the cache).
QUEUE_QUERIES = 6
# + one for the product names the timeline's sentences mention, + one for the notice templates
# the customer e-mail previews read (once per page, both previews), + two for the brand's photo
# switches and the order's photos.
ORDER_QUERIES = 17


def _fill(count, rose, courier):
    today = timezone.localdate()
    for n in range(count):
        # Every third one confirmed, with a courier (couriers are assigned once confirmed).
        status = Status.CONFIRMED if n % 3 == 0 else Status.NEW
        order = make_order(rose, delivery_date=today + timedelta(days=n % 4),
                           customer=CustomerFactory(), status=status)
        if n % 3 == 0:
            courier_assign(order_id=order.pk, courier_id=courier.pk)
    brand = BrandFactory()
    for n in range(count // 5):
        Lead.objects.create(brand=brand, site_number=f"L{count}-{n}", customer=CustomerFactory(),
                            delivery_date=today)


@pytest.mark.parametrize("size", [5, 40])
@pytest.mark.parametrize("params", [{}, {"q": "091"}, {"needs_person": "on", "when": "today"},
                                    {"status": "all", "courier": "1"}])
def test_the_queue_is_a_fixed_number_of_queries(client_operator, rose, courier, size, params,
                                                django_assert_max_num_queries):
    _fill(size, rose, courier)
    client_operator.get(reverse("desk:queue"))  # warm the session
    with django_assert_max_num_queries(QUEUE_QUERIES):
        response = client_operator.get(reverse("desk:queue"), params)
    assert response.status_code == 200


@pytest.mark.parametrize("lines", [1, 8])
def test_the_order_page_is_a_fixed_number_of_queries(client_operator, rose, courier, shop, balloon,
                                                     lines, django_assert_max_num_queries):
    _fill(lines * 5, rose, courier)
    # Short of stock (alternatives are looked up too); confirmed, so a courier can be assigned.
    order = make_order(rose, quantity=9, status=Status.CONFIRMED)
    alternative = ProductFactory(sku="DSK-ALT-1", price=rose.price)
    StockItemFactory(product=alternative, location=shop, on_hand=50)
    for n in range(lines - 1):
        product = ProductFactory(sku=f"DSK-L{n}")
        StockItemFactory(product=product, location=shop, on_hand=3)
        order_addon_add(order_id=order.pk, product_id=product.pk)
    courier_assign(order_id=order.pk, courier_id=courier.pk)
    for n in range(lines * 3):
        OrderEvent.objects.create(order=order, kind="note", message=f"note {n}")
    url = reverse("desk:order", args=[order.pk])
    client_operator.get(url)
    with django_assert_max_num_queries(ORDER_QUERIES):
        response = client_operator.get(url)
    assert response.status_code == 200
    assert len(response.context["stock"]) == lines


def test_query_counts_are_equal_at_both_sizes(client_operator, rose, courier):
    """The bound above is a ceiling; this pins that the count does not grow at all."""
    counts = []
    for size in (5, 40):
        _fill(size, rose, courier)
        client_operator.get(reverse("desk:queue"))
        with CaptureQueriesContext(connection) as queries:
            client_operator.get(reverse("desk:queue"), {"q": "Abovyan"})
        counts.append(len(queries))
    assert counts[0] == counts[1]


# photos
@pytest.mark.parametrize("photos", [1, 6])
def test_the_order_page_costs_the_same_whatever_its_photos(client_operator, rose, photos,
                                                           django_assert_max_num_queries):
    from delivery.models import BrandPhotoPolicy
    from delivery.photos import photo_attach
    from delivery.tests.factories import photo_upload

    order = make_order(rose, status=Status.ASSEMBLING)
    BrandPhotoPolicy.objects.create(brand=order.brand, bouquet_photos=True)
    for _n in range(photos):
        photo_attach(order_id=order.pk, kind="bouquet", upload=photo_upload())
    url = reverse("desk:order", args=[order.pk])
    client_operator.get(url)
    with django_assert_max_num_queries(ORDER_QUERIES):
        response = client_operator.get(url)
    assert len(response.context["photos"].photos) == photos
