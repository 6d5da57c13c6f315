"""Two deliveries of the same order at the same moment still make one order (PostgreSQL)."""

from decimal import Decimal

import pytest
from django.db import transaction

from catalog.tests.factories import ProductFactory
from orders.models import Order
from orders.services import intake
from orders.tests.factories import BrandFactory, normalized_order
from tests.concurrency import at_once


def _race(count: int, deliver) -> list:
    """`deliver()` in `count` threads released at once (each on its own connection); what
    each returned."""
    BrandFactory(code="flowers")
    ProductFactory(sku="FB-ROSE-25", price=Decimal("25000"))
    return at_once(count, deliver)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_intake_of_one_site_number_makes_one_order(postgres_only):
    outcomes = _race(6, lambda: intake(normalized=normalized_order(), source="race").outcome)

    assert sorted(outcomes) == ["duplicate"] * 5 + ["order"]
    assert Order.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_twin_inside_the_callers_transaction_is_a_duplicate_and_the_transaction_goes_on(
        postgres_only):
    """Channels call intake inside their own transaction (a batch of e-mails, an API request):
    losing the race to a twin must leave that transaction usable, with no savepoint."""

    def deliver():
        with transaction.atomic():
            outcome = intake(normalized=normalized_order(), source="race").outcome
            return outcome, Order.objects.count()  # still usable

    outcomes = _race(4, deliver)

    assert sorted(outcome for outcome, _count in outcomes) == ["duplicate"] * 3 + ["order"]
    assert all(count == 1 for _outcome, count in outcomes)
    assert Order.objects.count() == 1
