"""Hostile and careless input to the partner API (issue 11 items 2, 5, 6, 7): every answer is
JSON, in the partner's language, names every bad field at once, and none is a 500."""

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from channels_intake.models import InboundMessage
from channels_intake.tests.conftest import order_body
from orders.models import Order
from orders.tests.factories import OrderFactory

URL = "/api/v1/orders/"
YEREVAN = ZoneInfo("Asia/Yerevan")


def post(client, body, **headers):
    raw = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(URL, raw, content_type="application/json", **headers)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_delivery_date_far_from_today_is_a_400_naming_it(partner_api, day):
    response = post(partner_api[1], order_body(delivery={"date": day, "window": "01:00-02:00"}))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["delivery.date"]
    assert Order.objects.count() == 0


def test_an_order_stored_with_an_extreme_date_does_not_break_the_list(partner_api):
    """Stored before the door checked dates: the list and the detail still answer. (A window
    before year 1 in UTC, a BC timestamp, cannot be read back by psycopg at all; the door now
    refuses such a date on every channel.)"""
    partner, client = partner_api
    order = OrderFactory(partner=partner, brand=partner.brand, channel="partner_api",
                         partner_order_id="OLD-1", delivery_date=date(9999, 12, 31),
                         window_start=datetime(9999, 12, 31, 18, 0, tzinfo=UTC),
                         window_end=datetime(9999, 12, 31, 19, 0, tzinfo=UTC))
    early = OrderFactory(partner=partner, brand=partner.brand, channel="partner_api",
                         partner_order_id="OLD-2", delivery_date=date(1, 1, 1),
                         window_start=datetime(1, 1, 1, 4, 0, tzinfo=YEREVAN),
                         window_end=datetime(1, 1, 1, 5, 0, tzinfo=YEREVAN))
    listed = client.get(URL)
    assert listed.status_code == 200 and listed.json()["count"] == 2
    assert client.get(f"{URL}{order.pk}/").status_code == 200
    assert client.get(f"{URL}{early.pk}/").status_code == 200


@pytest.mark.parametrize(("change", "path"), [
    ({"items": [{"sku": "FB-ROSE-25", "quantity": 2, "unit_price": "9999999999.99"}]},
     "items[0].unit_price"),
    ({"delivery_fee": "9999999999.99"}, "delivery_fee"),
    ({"items": [{"sku": "FB-ROSE-25", "quantity": 1000}]}, "items[0].quantity"),
    ({"card_message": "x" * 2001}, "card_message"),
    ({"partner_order_id": "P" * 81}, "partner_order_id"),
    ({"items": [{"sku": "S" * 41, "quantity": 1}]}, "items[0].sku"),
])
def test_limits_are_field_errors(partner_api, change, path):
    response = post(partner_api[1], order_body(**change))
    assert response.status_code == 400, response.content
    assert path in response.json()["errors"]


def test_seventy_thousand_items_are_a_400_naming_items(partner_api):
    items = [{"sku": "A", "quantity": 1}] * 70_000  # 1.7 MB: under the body limit
    raw = json.dumps(order_body(items=items), separators=(",", ":"))
    response = post(partner_api[1], raw)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["items"]
    assert Order.objects.count() == 0


def test_a_body_over_the_limit_is_a_413_in_json(partner_api):
    with override_settings(PARTNER_API_MAX_BODY_BYTES=1000):
        response = post(partner_api[1], order_body(card_message="x" * 2000))
    assert response.status_code == 413
    assert response.json() == {"code": "too_large",
                               "detail": "The request body is larger than 1000 bytes."}
    assert InboundMessage.objects.count() == 0


@pytest.mark.parametrize("depth", [17, 1000, 100_000])
def test_json_nested_deep_is_a_400(partner_api, depth):
    response = post(partner_api[1], '{"partner_order_id": ' + "[" * depth + "]" * depth + "}")
    assert response.status_code == 400
    assert "body" in response.json()["errors"]
    cancel = partner_api[1].post(f"{URL}1/cancel/", "[" * depth + "]" * depth,
                                 content_type="application/json")
    assert cancel.status_code in (400, 404)
    assert cancel["Content-Type"] == "application/json"


@pytest.mark.parametrize(("change", "path"), [
    ({"anonymous": "true"}, "anonymous"),
    ({"items": [{"sku": "FB-ROSE-25", "quantity": "1"}]}, "items[0].quantity"),
    ({"items": [{"sku": "FB-ROSE-25", "quantity": 1.0}]}, "items[0].quantity"),
    ({"partner_order_id": 1001}, "partner_order_id"),
    ({"delivery_fee": 500}, "delivery_fee"),
    ({"delivery_fee": "1e3"}, "delivery_fee"),
    ({"total": ""}, "total"),
    ({"payment": {"method": "card", "paid": 1}}, "payment.paid"),
])
def test_a_schema_invalid_body_is_refused_even_for_a_known_partner_order_id(
        partner_api, change, path):
    _partner, client = partner_api
    assert post(client, order_body()).status_code == 201
    response = post(client, order_body(**change))
    assert response.status_code == 400, response.content
    assert path in response.json()["errors"]


def test_one_400_names_schema_and_door_errors_together(partner_api):
    body = order_body(delivery={"date": "24/13/2026"},
                      recipient={"name": "Nare", "phone": "12", "address": "Yerevan"},
                      sender={"name": "Karen", "phone": "not a phone"})
    response = post(partner_api[1], body)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"delivery.date", "recipient.phone", "sender.phone"}


def test_a_refused_item_is_not_reported_twice(partner_api):
    body = order_body(items=[{"name": "Candle set", "quantity": "1"}])
    errors = post(partner_api[1], body).json()["errors"]
    assert set(errors) == {"items[0].quantity"}


@pytest.mark.parametrize(("method", "path", "status"), [
    ("get", "/api/v1/orders/0.5/", 404),
    ("get", "/api/v1/orders/abc/", 404),
    ("get", "/api/v1/nothing-here/", 404),
    ("get", "/api/v2/orders/", 404),
    ("put", "/api/v1/orders/", 405),
    ("delete", "/api/v1/orders/", 405),
])
def test_every_answer_under_api_is_json(partner_api, method, path, status):
    response = getattr(partner_api[1], method)(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


@override_settings(LANGUAGE_CODE="hy")
def test_english_by_default_and_the_partners_language_when_asked(partner_api):
    _partner, client = partner_api
    body = order_body(recipient={"name": "Nare", "phone": "12", "address": "Yerevan"})
    english = post(client, body)
    assert english["Content-Language"] == "en"
    assert english.json()["errors"]["recipient.phone"] == ["12 is not a phone number."]
    for header, language in [("ru", "ru"), ("hy-AM,hy;q=0.9", "hy"), ("de, ru;q=0.5", "ru"),
                             ("fr", "en"), ("en-US", "en")]:
        assert post(client, body, HTTP_ACCEPT_LANGUAGE=header)["Content-Language"] == language
    missing = client.get(f"{URL}999999/", HTTP_ACCEPT_LANGUAGE="xx")
    assert missing.json()["detail"] == "No Order matches the given query."


@pytest.mark.parametrize("query", [
    {"updated_since": ""}, {"updated_since": "yesterday"}, {"delivery_date": "garbage"},
    {"status": "nonsense"}, {"page": "abc"}, {"page": "0"}, {"page_size": "abc"},
    {"delivery_date_from": ""},
    # days out of the typed years (issue 17)
    {"delivery_date": "9999-12-31"}, {"delivery_date_from": "0001-01-01"},
    {"delivery_date_to": "9999-12-31"},
])
def test_invalid_query_parameters_are_a_400_naming_them(partner_api, query):
    response = partner_api[1].get(URL, query)
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == list(query)


def test_the_schema_documents_the_limits(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()["components"]["schemas"]
    order = schema["OrderInRequest"]["properties"]
    assert "At most 100 items" in order["items"]["description"]
    assert order["partner_order_id"]["maxLength"] == 80
    item = schema["ItemInRequest"]["properties"]
    assert item["quantity"]["maximum"] == 999 and item["sku"]["maxLength"] == 40
    assert "pattern" in item["unit_price"]



def test_a_nul_in_a_sku_beside_a_schema_error_is_a_400(partner_api):
    body = order_body(anonymous="no", items=[{"sku": "FB-\u0000ROSE", "quantity": 1}])
    response = post(partner_api[1], body)
    assert response.status_code == 400
    assert {"anonymous", "items[0].sku"} <= set(response.json()["errors"])


@pytest.mark.parametrize("bad", ["\x07", "\x1b", "\u202e"])
def test_control_and_direction_override_characters_are_a_400_naming_the_field(partner_api, bad):
    body = order_body(recipient={"name": f"Nare{bad}Avagyan", "phone": "094 00 00 02",
                                 "address": "Yerevan, Baghramyan 3"},
                      card_message=f"Love{bad}you")
    response = post(partner_api[1], body)
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert set(errors) == {"recipient.name", "card_message"}
    assert f"U+{ord(bad):04X}" in errors["recipient.name"][0]
    assert Order.objects.count() == 0
