"""No input is a 500 (issue 11 item 6, the desk's part): generated garbage (random text, huge,
negative and not-a-number numbers, far dates, overlong text, missing, unknown and repeated
fields) sent by a logged-in operator to every desk form and query string is answered with a
page, a form error, a redirect or a 404, never a server error; and a refused request leaves
nothing behind.

The field names come from the forms and filters themselves, or from the page's own HTML (the
picker's `qty:<SKU>` names, a formset's fields), so a new field is fuzzed without touching this
file. Each example runs in a savepoint
that is rolled back: every example meets the same orders. Few examples per endpoint (the `ci`
profile derandomizes them), so the whole module stays well under a minute."""

import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channels_intake.models import InboundMessage
from channels_intake.tests.test_review import review_item
from delivery.services import courier_assign
from desk.filters import QueueFilter
from desk.forms.common import MAX_ORDER_TOTAL, MAX_QUANTITY
from desk.forms.leads import LeadOutcomeForm
from desk.forms.quick import QuickEntryForm
from desk.forms.review import DismissForm
from desk.views.order import ACTIONS
from orders.models import Lead, Order, OrderEvent, OrderLine, Status
from orders.services import order_confirm_call, order_handoff_assembly
from orders.tests.factories import BrandFactory, CustomerFactory, normalized_order

from .conftest import make_order

pytestmark = pytest.mark.django_db

GARBAGE = settings(max_examples=10, deadline=None, database=None,
                   suppress_health_check=list(HealthCheck))

words = st.sampled_from([
    "", " ", "0", "1", "-1", "2", "999", "1000", "3000000000", "9" * 30, "1.5", "1e30", "-1e30",
    "NaN", "nan", "Infinity", "-inf", "9999999999.99", "0.001", "0001-01-01", "9999-12-31",
    "2026-02-30", "24.12.2026", "10:00-13:00", "25:00", "13:00-10:00", "\x00", "a\x00b",
    "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "%00", "x" * 5000,
    "Ա" * 300, "+374 91 555 777", "not-an-email@", "on", "true", "reached", "not_reached",
    "florist", "all", "open", "phone_1", "website", "preorder", "flowers", "hy", "ru", "en",
    "cash", "card", "DSK-ROSE", "not_interested", "unreachable", "today", "range",
])
numbers = st.one_of(st.integers(min_value=-(10**40), max_value=10**40),
                    st.floats(allow_nan=True, allow_infinity=True)).map(str)
values = st.one_of(words, numbers, st.text(max_size=40),
                   st.dates().map(lambda day: day.isoformat()))
# A field's value: one value, or the key repeated with several.
field_values = st.one_of(values, st.lists(values, min_size=2, max_size=3))


@st.composite
def form_data(draw, names, fixed=None):
    """Some of the form's own fields (each present, missing or repeated), values that are valid
    (`fixed`) or garbage, and a few unknown fields."""
    fixed = fixed or {}
    data = {}
    for name in names:
        kind = draw(st.sampled_from(["missing", "valid", "garbage", "garbage"]))
        if kind == "valid" and name in fixed:
            data[name] = fixed[name]
        elif kind != "missing":
            data[name] = draw(field_values)
    unknown = draw(st.dictionaries(st.text(min_size=1, max_size=12), field_values, max_size=2))
    return unknown | data


def counts():
    return (Order.objects.count(), OrderLine.objects.count(), Lead.objects.count(),
            OrderEvent.objects.count(), InboundMessage.objects.filter(state="review").count())


def assert_sane(response, before):
    """No server error; a refused request changed nothing; whatever was stored is in bounds."""
    assert response.status_code < 500, response.content[:1000]
    if response.status_code >= 400:
        assert counts() == before, response.status_code
    lines = OrderLine.objects.aggregate(low=Min("quantity"), high=Max("quantity"))
    assert lines["low"] is None or 1 <= lines["low"] <= lines["high"] <= MAX_QUANTITY
    assert not Order.objects.filter(total__gt=MAX_ORDER_TOTAL).exists()
    today = timezone.localdate()
    assert not Order.objects.exclude(delivery_date__range=(today - timedelta(days=366),
                                                           today + timedelta(days=366))).exists()


def send(client, method, url, data, **headers):
    """One request in a savepoint rolled back afterwards: every example starts from the same
    data. The test client raises a view's exception, which fails the test with its traceback."""
    with transaction.atomic():
        before = counts()
        response = getattr(client, method)(url, data, **headers)
        assert_sane(response, before)
        transaction.set_rollback(True)


@pytest.fixture
def desk(client_operator, rose, balloon, courier):
    """Orders in the states whose actions differ, a pre-order, a message to review."""
    BrandFactory()
    orders = {status: make_order(rose, customer=CustomerFactory()) for status in
              (Status.NEW, Status.CONFIRMED, Status.ASSEMBLING)}
    order_confirm_call(order_id=orders[Status.CONFIRMED].pk, reached=True)
    assembling = orders[Status.ASSEMBLING]
    order_confirm_call(order_id=assembling.pk, reached=True)
    courier_assign(order_id=assembling.pk, courier_id=courier.pk)
    order_handoff_assembly(order_id=assembling.pk, team="florist")
    lead = Lead.objects.create(brand=BrandFactory(code="gifts", name="RG Gifts"), site_number="8001",
                               customer=CustomerFactory(), details=normalized_order().to_json())
    message = review_item(parsed=normalized_order(items=()).to_json())
    return {"client": client_operator, "orders": [o.pk for o in orders.values()], "lead": lead,
            "message": message}


def test_garbage_in_the_queue_filters_search_and_page(desk):
    names = [*QueueFilter.base_filters, "page"]

    @GARBAGE
    @given(data=form_data(names), htmx=st.booleans())
    def check(data, htmx):
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        send(desk["client"], "get", reverse("desk:queue"), data, **headers)

    check()


QUICK_NAMES = [*QuickEntryForm.base_fields, "qty:DSK-ROSE", "addon:DSK-BALLOON", "qty:NOPE",
               "line-TOTAL_FORMS", "line-INITIAL_FORMS", "line-0-name", "line-0-quantity",
               "line-0-unit_price", "line-1-sku", "stated-total", "stated-delivery_fee"]


def page_names(client, url) -> list[str]:
    """Every field name the page's forms send (a formset's management fields and lines too),
    with QUICK_NAMES: what a new field on the page adds is fuzzed without a change here."""
    html = client.get(url).content.decode()
    names = set(re.findall(r'\bname="([^"]+)"', html)) - {"csrfmiddlewaretoken"}
    return sorted(names | set(QUICK_NAMES))
QUICK_VALID = {"channel": "phone_1", "brand": "flowers", "customer_phone": "091 22 23 33",
               "customer_language": "hy", "recipient_name": "Lilit", "payment_method": "cash",
               "recipient_address": "Yerevan, Teryan 60", "qty:DSK-ROSE": "1",
               "line-TOTAL_FORMS": "1", "line-INITIAL_FORMS": "0", "line-0-name": "Chocolate",
               "line-0-quantity": "2", "line-0-unit_price": "1500"}


def test_garbage_posted_to_quick_entry(desk):
    names = page_names(desk["client"], reverse("desk:quick"))

    @GARBAGE
    @given(data=form_data(names, QUICK_VALID))
    def check(data):
        send(desk["client"], "post", reverse("desk:quick"), data)

    check()


def test_garbage_in_quick_entry_queries(desk):
    lead = str(desk["lead"].pk)
    endpoints = [(reverse("desk:quick"), ["lead", "channel"], {"lead": lead}),
                 (reverse("desk:quick_addons"), QUICK_NAMES, QUICK_VALID),
                 (reverse("desk:customer_lookup"), ["phone"], {"phone": "091 22 23 33"})]

    @GARBAGE
    @given(endpoint=st.sampled_from(endpoints), data=st.data())
    def check(endpoint, data):
        url, names, valid = endpoint
        send(desk["client"], "get", url, data.draw(form_data(names, valid)))

    check()


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_garbage_posted_to_each_order_action(desk, action, rose, balloon, courier):
    form_class = ACTIONS[action][0]
    orders = [Order.objects.get(pk=pk) for pk in desk["orders"]]
    line_ids = [str(order.lines.get().pk) for order in orders]
    valid = {"line": line_ids[0], "product": str(balloon.pk), "courier": str(courier.pk),
             "outcome": "reached", "team": "florist", "quantity": "2", "code": "SPRING",
             "reason": "The customer called", "delivery_date": timezone.localdate().isoformat(),
             "recipient_name": "Lilit", "recipient_address": "Yerevan"}
    ids = st.sampled_from(desk["orders"]).map(str) | st.sampled_from(["0", "9" * 18])

    @GARBAGE
    @given(order_id=ids, version=st.sampled_from(["1", "2", "3", "4"]) | values,
           data=form_data(list(form_class.base_fields), valid))
    def check(order_id, version, data):
        data = {"version": version} | data
        url = reverse("desk:order_action", args=[order_id, action])
        send(desk["client"], "post", url, data)

    check()


def test_garbage_posted_to_review_save_and_dismiss(desk):
    url = reverse("desk:review_item", args=[desk["message"].pk])
    names = page_names(desk["client"], url) + list(DismissForm.base_fields)

    @GARBAGE
    @given(data=form_data(names, QUICK_VALID | {"channel": "website"}), dismiss=st.booleans())
    def check(data, dismiss):
        if dismiss:
            data = data | {"dismiss": "1"}
        send(desk["client"], "post", url, data)

    check()


def test_garbage_posted_to_the_pre_order_actions_and_the_language_switch(desk):
    lead = desk["lead"].pk
    endpoints = [(reverse("desk:lead_outcome", args=[lead]), list(LeadOutcomeForm.base_fields),
                  {"outcome": "unreachable"}),
                 (reverse("desk:lead_complete", args=[lead]), [], {}),
                 (reverse("language"), ["language", "next"], {"language": "ru", "next": "/desk/"})]

    @GARBAGE
    @given(endpoint=st.sampled_from(endpoints), data=st.data())
    def check(endpoint, data):
        url, names, valid = endpoint
        send(desk["client"], "post", url, data.draw(form_data(names, valid)))

    check()
