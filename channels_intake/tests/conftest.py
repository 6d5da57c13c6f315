from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from catalog.tests.factories import ProductFactory, StockItemFactory
from channels_intake.tests.factories import PartnerFactory, partner_key


def order_body(**overrides) -> dict:
    """The body of FORMATS.md section 5; override any top-level field."""
    body = {
        "partner_order_id": "P-1001",
        "sender": {"name": "Karen Avagyan", "phone": "+37491000001", "email": "karen@example.am"},
        "recipient": {"name": "Nare Avagyan", "phone": "094 00 00 02",
                      "address": "Yerevan, Baghramyan 3"},
        "delivery": {"date": "2026-12-24", "window": "12:00-15:00"},
        "card_message": "Love you", "anonymous": False,
        "items": [{"sku": "FB-ROSE-25", "quantity": 1},
                  {"name": "Candle set", "quantity": 1, "unit_price": "1500.00"}],
        "currency": "AMD",
        "payment": {"method": "card", "paid": True},
    }
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
