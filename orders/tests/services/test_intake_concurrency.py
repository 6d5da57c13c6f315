"""Two deliveries of the same order at the same moment still make one order (PostgreSQL)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction

from catalog.tests.factories import ProductFactory
from orders.models import Order
from orders.services import intake
from orders.tests.factories import BrandFactory, normalized_order


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_intake_of_one_site_number_makes_one_order(postgres_only):
    BrandFactory(code="flowers")
    ProductFactory(sku="FB-ROSE-25", price=Decimal("25000"))
    outcomes, barrier = [], threading.Barrier(6)

    def deliver():
        try:
            barrier.wait()
            outcomes.append(intake(normalized=normalized_order(), source="race").outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["duplicate"] * 5 + ["order"]
    assert Order.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_twin_inside_the_callers_transaction_is_a_duplicate_and_the_transaction_goes_on(
        postgres_only):
    """Channels call intake inside their own transaction (a batch of e-mails, an API request):
    losing the race to a twin must leave that transaction usable, with no savepoint."""
    BrandFactory(code="flowers")
    ProductFactory(sku="FB-ROSE-25", price=Decimal("25000"))
    outcomes, barrier = [], threading.Barrier(4)

    def deliver():
        try:
            barrier.wait()
            with transaction.atomic():
                outcome = intake(normalized=normalized_order(), source="race").outcome
                outcomes.append((outcome, Order.objects.count()))  # still usable
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcome for outcome, _count in outcomes) == ["duplicate"] * 3 + ["order"]
    assert all(count == 1 for _outcome, count in outcomes)
    assert Order.objects.count() == 1
