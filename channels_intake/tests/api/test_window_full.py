"""The partner API when a window is full (issue 20): 409 naming the field, with the next
windows that have places, documented in the schema."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from channels_intake.tests.conftest import order_body
from delivery.tests.capacity_data import ADDRESS, day_after_tomorrow, limited_zone
from orders.models import Order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(timezone.now(), tick=False)


def _api_post(client, number: str):
    body = order_body(partner_order_id=number)
    body["recipient"]["address"] = ADDRESS
    body["delivery"] = {"date": day_after_tomorrow().isoformat(), "window": "10:00-13:00"}
    return client.post("/api/v1/orders/", json.dumps(body), content_type="application/json")


def test_the_api_answers_409_naming_the_window_with_the_next_free_ones(partner_api):
    _partner, client = partner_api
    limited_zone(1, later=5)
    assert _api_post(client, "P-1").status_code == 201

    answer = _api_post(client, "P-2")

    assert answer.status_code == 409
    assert answer.json() == {
        "errors": {"delivery.window": ["This delivery window is full."]}, "code": "window_full",
        "next_free": [{"date": day_after_tomorrow().isoformat(), "window": "14:00-18:00",
                       "places_left": 5}]}
    assert Order.objects.count() == 1


def test_the_schema_documents_the_full_window(client):
    schema = client.get(reverse("partner_api:schema"), {"format": "json"})
    text = schema.content.decode()
    assert "WindowFullOut" in text and "next_free" in text
