"""The partner REST API: create, read back, cancel, errors, isolation, throttling."""

import json

import pytest
from django.core.cache import cache
from django.test import override_settings

from channels_intake.models import InboundMessage, Source
from channels_intake.tests.conftest import api_client, order_body
from channels_intake.tests.factories import PartnerFactory, partner_key
from core.redis_client import cache_redis
from orders.models import Order, OrderEvent, Status
from orders.services import order_move
from orders.tests.factories import OrderFactory

URL = "/api/v1/orders/"


def post(client, body, **headers):
    raw = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(URL, raw, content_type="application/json", **headers)


def test_create_takes_the_order_and_keeps_the_raw_body(partner_api):
    partner, client = partner_api
    response = post(client, order_body())
    assert response.status_code == 201, response.content
    data = response.json()
    order = Order.objects.get(pk=data["id"])
    assert (order.partner, order.partner_order_id, order.channel) == (partner, "P-1001", "partner_api")
    assert order.recipient_phone.as_e164 == "+37494000002"
    assert order.lines.count() == 2 and order.has_unknown_items
    assert data["number"] == order.number and data["status"] == "new"
    message = InboundMessage.objects.get()
    assert message.source == Source.objects.get(name="api-flowwow", kind="api")
    assert json.loads(bytes(message.raw))["partner_order_id"] == "P-1001"
    assert (message.state, message.order) == ("order", order)


def test_same_partner_order_id_without_a_key_returns_the_order_already_taken(partner_api):
    _partner, client = partner_api
    first = post(client, order_body())
    second = post(client, order_body(card_message="again"))
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["id"] == first.json()["id"]
    assert Order.objects.count() == 1
    assert set(InboundMessage.objects.values_list("state", flat=True)) == {"order", "duplicate"}


def test_idempotency_key_replays_the_first_response(partner_api):
    _partner, client = partner_api
    first = post(client, order_body(), HTTP_IDEMPOTENCY_KEY="k-1")
    again = post(client, order_body(), HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Order.objects.count() == 1
    assert InboundMessage.objects.count() == 1  # a replay is answered before anything is stored


def test_idempotency_key_with_another_body_is_refused(partner_api):
    _partner, client = partner_api
    post(client, order_body(), HTTP_IDEMPOTENCY_KEY="k-1")
    other = post(client, order_body(partner_order_id="P-2"), HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"
    assert Order.objects.count() == 1


def test_an_odd_idempotency_key_is_a_400(partner_api):
    _partner, client = partner_api
    for key in ("x" * 256, "bad\x00key", "tab\tkey"):
        response = post(client, order_body(), HTTP_IDEMPOTENCY_KEY=key)
        assert response.status_code == 400 and "Idempotency-Key" in response.json()["errors"]
    assert Order.objects.count() == 0


def test_idempotency_keys_belong_to_one_partner(partner_api, roses):
    _partner, client = partner_api
    _other, other_key = partner_key(PartnerFactory(code="menu-am"))
    assert post(client, order_body(), HTTP_IDEMPOTENCY_KEY="same").status_code == 201
    assert post(api_client(other_key), order_body(), HTTP_IDEMPOTENCY_KEY="same").status_code == 201
    assert Order.objects.count() == 2


def test_validation_names_every_bad_field_by_dotted_path(partner_api):
    _partner, client = partner_api
    body = order_body(
        recipient={"name": "Nare", "phone": "12", "address": "Yerevan"},
        delivery={"date": "24/13/2026"},
        items=[{"sku": "FB-ROSE-25", "quantity": 0}, {"name": "Candle set", "quantity": 1}],
    )
    response = post(client, body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"delivery.date", "items[0].quantity", "items[1].sku"} <= set(errors)
    assert all(isinstance(messages, list) and messages for messages in errors.values())
    assert Order.objects.count() == 0
    assert InboundMessage.objects.get().state == "ignored"


def test_business_rules_come_back_with_the_same_paths(partner_api):
    _partner, client = partner_api
    response = post(client, order_body(recipient={"name": "Nare", "phone": "12",
                                                  "address": "Yerevan"}))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["recipient.phone"]
    response = post(client, order_body(sender={"name": "Karen", "phone": "not a phone"}))
    assert list(response.json()["errors"]) == ["sender.phone"]


def test_unknown_fields_are_reported(partner_api):
    _partner, client = partner_api
    body = order_body(colour="red", recipient={"name": "Nare", "address": "Yerevan", "floor": 3})
    response = post(client, body)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"colour", "recipient.floor"}


@pytest.mark.parametrize("raw", [b'{"partner_order_id": "P-1", ', b"[1, 2]", b"\xff\xfe"])
def test_malformed_json_is_a_400(partner_api, raw):
    _partner, client = partner_api
    response = post(client, raw)
    assert response.status_code == 400
    assert "body" in response.json()["errors"]


def test_no_key_or_a_wrong_or_revoked_key_is_a_401(partner_api, roses):
    from channels_intake.models import PartnerAPIKey

    partner, client = partner_api
    assert post(api_client("nope.nope"), order_body()).status_code == 401
    from rest_framework.test import APIClient

    assert APIClient().get(URL).status_code == 401
    _partner, key = partner_key(partner, name="second")
    assert api_client(key).get(URL).status_code == 200
    row = PartnerAPIKey.objects.get(prefix=key.partition(".")[0])
    row.revoked = True
    row.save()
    assert api_client(key).get(URL).status_code == 401
    assert client.get(URL).status_code == 200  # the partner's other key still works


def _partner_order(partner, **values):
    return OrderFactory(partner=partner, channel="partner_api", brand=partner.brand, **values)


def test_list_shows_only_own_orders_with_filters(partner_api, django_assert_max_num_queries):
    partner, client = partner_api
    other = PartnerFactory(code="sas-am")
    mine = [_partner_order(partner, partner_order_id=f"P-{n}") for n in range(3)]
    _partner_order(other, partner_order_id="P-0")
    Order.objects.filter(pk=mine[0].pk).update(status=Status.CANCELLED)
    with django_assert_max_num_queries(3):  # the key, the count, the page
        listed = client.get(URL).json()
    assert listed["count"] == 3
    assert {row["id"] for row in listed["results"]} == {order.pk for order in mine}
    assert client.get(URL, {"status": "cancelled"}).json()["count"] == 1
    assert client.get(URL, {"partner_order_id": "P-2"}).json()["results"][0]["id"] == mine[2].pk
    day = str(mine[1].delivery_date)
    assert client.get(URL, {"delivery_date": day}).json()["count"] == 3
    assert client.get(URL, {"updated_since": "2100-01-01T00:00:00Z"}).json()["count"] == 0
    assert client.get(URL, {"page_size": 2}).json()["next"]


def test_list_queries_stay_flat(partner_api, django_assert_max_num_queries):
    partner, client = partner_api
    for n in range(2):
        _partner_order(partner, partner_order_id=f"A-{n}")
    with django_assert_max_num_queries(3):  # the key, the count, the page
        client.get(URL)
    for n in range(20):
        _partner_order(partner, partner_order_id=f"B-{n}")
    with django_assert_max_num_queries(3):
        client.get(URL)


def test_one_create_costs_a_counted_number_of_queries(partner_api, django_assert_max_num_queries):
    """The bench's create (issue 18), its statements counted so none creeps in: the key (one
    query, never cached, with the partner and its brand), the key's claim, the source, the
    door (products, the partner order id, the capacity ledger's zones limited that day, the
    customer, the order in a savepoint, its lines, its event), the raw body in its final state,
    the answer kept for the key; the test's own transaction makes the request's a savepoint
    (2 more)."""
    _partner, client = partner_api
    post(client, order_body(partner_order_id="warm"))  # the customer and the source exist now
    with django_assert_max_num_queries(16):
        response = post(client, order_body(), HTTP_IDEMPOTENCY_KEY="k-q")
    assert response.status_code == 201
    with django_assert_max_num_queries(14):
        assert post(client, order_body(partner_order_id="P-2")).status_code == 201


def test_detail_has_the_public_timeline(partner_api):
    _partner, client = partner_api
    order_id = post(client, order_body()).json()["id"]
    order_move(order_id=order_id, to=Status.CONFIRMED, system="test", note="internal note")
    data = client.get(f"{URL}{order_id}/").json()
    assert [(e["kind"], e["status"]) for e in data["timeline"]] == [
        ("created", "new"), ("status_changed", "confirmed")]
    assert data["timeline"][1]["previous_status"] == "new"
    assert "internal note" not in json.dumps(data)
    assert [item["sku"] for item in data["items"]] == ["FB-ROSE-25", ""]


def test_another_partners_order_is_a_404(partner_api):
    _partner, client = partner_api
    foreign = _partner_order(PartnerFactory(code="buy-am"), partner_order_id="X-1")
    assert client.get(f"{URL}{foreign.pk}/").status_code == 404
    assert client.post(f"{URL}{foreign.pk}/cancel/").status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Status.NEW


def test_cancel_before_out_for_delivery(partner_api):
    _partner, client = partner_api
    order_id = post(client, order_body()).json()["id"]
    response = client.post(f"{URL}{order_id}/cancel/", {"reason": "customer changed mind"},
                           format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert client.post(f"{URL}{order_id}/cancel/").status_code == 200  # a retry is harmless
    assert OrderEvent.objects.filter(order_id=order_id, kind="status_changed",
                                     system="partner:flowwow").count() == 1


def test_cancel_once_out_for_delivery_is_a_409_with_the_reason(partner_api):
    partner, client = partner_api
    order = _partner_order(partner, partner_order_id="P-9", status=Status.OUT_FOR_DELIVERY)
    response = client.post(f"{URL}{order.pk}/cancel/")
    assert response.status_code == 409
    assert response.json()["code"] == "too_late"
    assert "out for delivery" in response.json()["detail"]
    order.refresh_from_db()
    assert order.status == Status.OUT_FOR_DELIVERY


@override_settings(PARTNER_API_THROTTLE_RATE="3/min")
def test_throttled_per_partner_with_retry_after(partner_api, roses):
    _partner, client = partner_api
    codes = [client.get(URL).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get(URL)
    assert 1 <= int(response["Retry-After"]) <= 61
    _other, other_key = partner_key(PartnerFactory(code="menu-am"))
    assert api_client(other_key).get(URL).status_code == 200  # each partner has its own budget


@override_settings(PARTNER_API_THROTTLE_RATE="3/min")
def test_the_throttle_is_one_counter_per_partner_that_expires_with_its_window(partner_api):
    partner, client = partner_api
    client.get(URL)
    redis = cache_redis()
    key = cache.make_key(f"throttle_partner_{partner.pk}")
    assert int(redis.get(key)) == 1 and 0 < redis.ttl(key) <= 60
    client.get(URL)
    assert int(redis.get(key)) == 2 and redis.ttl(key) <= 60  # the window is not pushed back


@override_settings(PARTNER_API_THROTTLE_RATE="3/min",
                   CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                       "LOCATION": "throttle-test"}})
def test_without_redis_the_throttle_is_drfs_own(partner_api):
    _partner, client = partner_api
    assert cache_redis() is None
    assert [client.get(URL).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert 1 <= int(client.get(URL)["Retry-After"]) <= 61


def test_schema_and_docs_are_served_without_a_cdn(client, db):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/orders/{id}/cancel/" in schema.content
    assert b"Idempotency-Key" in schema.content and b"P-1001" in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn" not in html.lower() and "/static/drf_spectacular_sidecar/" in html


def test_the_create_answer_is_exactly_the_order_serializer(partner_api):
    from channels_intake.api.serializers import OrderOut

    _partner, client = partner_api
    data = post(client, order_body()).json()
    assert data == json.loads(json.dumps(OrderOut(Order.objects.get()).data))
    day = order_body()["delivery"]["date"]
    no_window = post(client, order_body(partner_order_id="P-2", delivery={"date": day}))
    again = Order.objects.get(pk=no_window.json()["id"])
    assert no_window.json() == json.loads(json.dumps(OrderOut(again).data))


def test_old_idempotency_keys_expire(partner_api):
    from datetime import timedelta

    from django.utils import timezone

    from channels_intake.api.tasks import idempotency_keys_expire
    from channels_intake.models import IdempotencyKey

    _partner, client = partner_api
    post(client, order_body(), HTTP_IDEMPOTENCY_KEY="old")
    post(client, order_body(partner_order_id="P-2"), HTTP_IDEMPOTENCY_KEY="new")
    IdempotencyKey.objects.filter(key="old").update(created_at=timezone.now() - timedelta(days=8))
    assert idempotency_keys_expire.delay().get() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    # A retry after that is a new request, and the partner order id still holds.
    again = post(client, order_body(), HTTP_IDEMPOTENCY_KEY="old")
    assert again.status_code == 200 and Order.objects.count() == 2
