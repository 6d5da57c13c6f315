"""40 identical POSTs at the same moment still make one order, on PostgreSQL."""

import json
import threading

import pytest
from django.db import connection

from channels_intake.models import IdempotencyKey, InboundMessage
from channels_intake.tests.conftest import api_client, order_body
from orders.models import Order

pytestmark = pytest.mark.postgres


def _storm(client_key: str, body: dict, headers: dict, count: int = 40) -> list:
    responses, barrier = [], threading.Barrier(count)

    def send():
        try:
            client = api_client(client_key)
            barrier.wait()
            responses.append(client.post("/api/v1/orders/", json.dumps(body),
                                         content_type="application/json", **headers))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


@pytest.fixture
def storm_partner(transactional_db, postgres_only):
    from decimal import Decimal

    from catalog.tests.factories import ProductFactory
    from channels_intake.tests.factories import PartnerFactory, partner_key

    ProductFactory(sku="FB-ROSE-25", price=Decimal("18500"))
    return partner_key(PartnerFactory(code="flowwow"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_forty_concurrent_posts_with_one_key_make_one_order(storm_partner):
    _partner, key = storm_partner
    responses = _storm(key, order_body(), {"HTTP_IDEMPOTENCY_KEY": "storm-1"})
    assert [r.status_code for r in responses] == [201] * 40
    assert len({r.content for r in responses}) == 1
    assert sum(r.get("Idempotent-Replayed") == "true" for r in responses) == 39
    assert Order.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1 and InboundMessage.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_forty_concurrent_posts_without_a_key_make_one_order(storm_partner):
    _partner, key = storm_partner
    responses = _storm(key, order_body(), {})
    assert sorted(r.status_code for r in responses) == [200] * 39 + [201]
    assert len({r.json()["id"] for r in responses}) == 1
    assert Order.objects.count() == 1
