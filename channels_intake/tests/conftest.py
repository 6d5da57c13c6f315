import copy
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from catalog.tests.factories import ProductFactory, StockItemFactory
from channels_intake.api.examples import ORDER_BODY
from channels_intake.tests.factories import PartnerFactory, partner_key


def order_body(**overrides) -> dict:
    """The body of docs/intake-formats.md section 5, delivered the day after tomorrow (the
    example's own date leaves the accepted range within a year); override any top-level field."""
    body = copy.deepcopy(ORDER_BODY)
    body["delivery"]["date"] = (timezone.localdate() + timedelta(days=2)).isoformat()
    body.update(overrides)
    return body


def api_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def roses(db):
    product = ProductFactory(sku="FB-ROSE-25", price=Decimal("18500"))
    StockItemFactory(product=product, on_hand=100)
    return product


@pytest.fixture
def partner_api(db, roses):
    """(partner, client) for the partner `flowwow`."""
    partner, key = partner_key(PartnerFactory(code="flowwow", name="Flowwow"))
    return partner, api_client(key)
