"""No input is a 500 (issue 11 item 6, the API's part): generated garbage (random JSON shapes,
huge numbers, deep nesting, wrong types, raw bytes, odd ids and query strings) sent to every
partner API endpoint is answered with a JSON 4xx or a success, never a server error."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channels_intake.tests.conftest import order_body

GARBAGE = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                   suppress_health_check=list(HealthCheck))

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=50),
    st.sampled_from(["", "0001-01-01", "9999-12-31", "1e30", "-1", "9999999999.99", "\x00",
                     "\ud800", "NaN", "12:00-15:00", "FB-ROSE-25", "x" * 3000]),
)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=12), inner, max_size=4),
                           max_leaves=20)
ORDER_KEYS = list(order_body())


@st.composite
def order_like(draw):
    """An order body with some of its fields (top level or nested) replaced by garbage."""
    body = order_body(partner_order_id=draw(st.sampled_from(["P-1001", "G-1", "G-2"])))
    for key in draw(st.lists(st.sampled_from(ORDER_KEYS), max_size=3)):
        body[key] = draw(json_values)
    for part in draw(st.lists(st.sampled_from(["sender", "recipient", "delivery"]), max_size=2)):
        if isinstance(body.get(part), dict):
            body[part] = {**body[part], draw(st.text(max_size=8) | st.sampled_from(
                ["name", "phone", "date", "window", "address"])): draw(json_values)}
    if draw(st.booleans()) and isinstance(body.get("items"), list):
        body["items"] = [{**body["items"][0], "quantity": draw(json_values),
                          "unit_price": draw(json_values)}]
    return body


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


bodies = st.one_of(
    order_like().map(lambda body: json.dumps(body).encode("utf-8", "surrogatepass")),
    json_values.map(lambda value: json.dumps(value).encode("utf-8", "surrogatepass")),
    st.binary(max_size=200),
    st.integers(min_value=1, max_value=5000).map(lambda d: _deep(d).encode()),
    st.sampled_from([b'{"items": 1e999999}', b'{"a": NaN}', b'{"a": 1' + b"0" * 5000 + b"}"]),
)
ids = st.one_of(st.integers(min_value=-5, max_value=10**30).map(str),
                st.text(alphabet="0123456789.-abc%", min_size=1, max_size=12))
queries = st.dictionaries(
    st.sampled_from(["status", "delivery_date", "delivery_date_from", "delivery_date_to",
                     "partner_order_id", "updated_since", "page", "page_size", "other"]),
    st.text(max_size=30) | st.sampled_from(["0001-01-01T00:00:00-23:59", "9" * 40, "\x00"]),
    max_size=4)


def _assert_no_server_error(response):
    assert response.status_code < 500, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response.status_code


@pytest.fixture
def api(partner_api):
    _partner, client = partner_api
    created = client.post("/api/v1/orders/", order_body(), format="json")
    assert created.status_code == 201
    return client, created.json()["id"]


def test_garbage_posted_as_an_order(api):
    client, _order_id = api

    @GARBAGE
    @given(body=bodies, key=st.none() | st.text(max_size=20))
    def check(body, key):
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
        _assert_no_server_error(client.post("/api/v1/orders/", body,
                                            content_type="application/json", **headers))

    check()


def test_garbage_to_the_other_endpoints(api):
    client, order_id = api

    @GARBAGE
    @given(body=bodies, object_id=ids | st.just(str(order_id)), query=queries,
           which=st.sampled_from(["list", "detail", "cancel", "webhook", "unhook"]))
    def check(body, object_id, query, which):
        if which == "list":
            response = client.get("/api/v1/orders/", query)
        elif which == "detail":
            response = client.get(f"/api/v1/orders/{object_id}/", query)
        elif which == "cancel":
            response = client.post(f"/api/v1/orders/{object_id}/cancel/", body,
                                   content_type="application/json")
        elif which == "webhook":
            response = client.post("/api/v1/webhooks/", body, content_type="application/json")
        else:
            response = client.delete(f"/api/v1/webhooks/{object_id}/")
        _assert_no_server_error(response)

    check()
