"""No input takes the desk down (issue 11 item 6, the desk's part): what once answered 500 or
burned the CPU is a form error (400, the form shown again), a message, or a 404."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from channels_intake.tests.test_review import review_item
from desk.forms.common import MAX_PRODUCTS, MAX_QUANTITY
from orders.models import Lead, Order
from orders.tests.factories import BrandFactory, CustomerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quick_order(rose):
    """A quick-entry post that creates an order as it is (the tests spoil one field each)."""
    BrandFactory()
    return {"channel": "phone_1", "brand": "flowers", "customer_phone": "091 22 23 33",
            "customer_language": "hy", "recipient_name": "Lilit",
            "recipient_address": "Yerevan, Teryan 60", "payment_method": "cash",
            "delivery_date": (timezone.localdate() + timedelta(days=1)).isoformat(),
            "qty:DSK-ROSE": "1"}


def post_quick(client, data):
    response = client.post(reverse("desk:quick"), data)
    assert response.status_code == 400
    assert Order.objects.count() == 0
    return [str(error) for error in response.context["form"].non_field_errors()]


def test_the_untouched_post_creates_an_order(client_operator, quick_order):
    assert client_operator.post(reverse("desk:quick"), quick_order).status_code == 302
    assert Order.objects.count() == 1


def test_a_quantity_beyond_an_int_column_is_a_form_error(client_operator, quick_order):
    errors = post_quick(client_operator, quick_order | {"qty:DSK-ROSE": "3000000000"})
    assert errors == [f"DSK-ROSE: Ensure this value is less than or equal to {MAX_QUANTITY}."]


def test_a_quantity_for_an_unknown_product_is_checked_too(client_operator, quick_order):
    errors = post_quick(client_operator, quick_order | {"qty:FB-ROSE-25": "3000000000"})
    assert errors == [f"FB-ROSE-25: Ensure this value is less than or equal to {MAX_QUANTITY}."]


@pytest.mark.parametrize("typed", ["abc", "-1", "1.5", "1e3", "9" * 5000])
def test_a_quantity_that_is_no_whole_number_is_a_form_error(client_operator, quick_order, typed):
    errors = post_quick(client_operator, quick_order | {"qty:DSK-ROSE": typed})
    assert len(errors) == 1 and errors[0].startswith("DSK-ROSE: ")


def test_a_product_code_longer_than_any_sku_is_a_form_error(client_operator, quick_order):
    errors = post_quick(client_operator, quick_order | {"qty:" + "X" * 500: "1"})
    assert len(errors) == 1 and "at most 40 characters" in errors[0]


def stated_lines(*lines: dict, total_forms: str | None = None) -> dict:
    """The stated-lines formset of quick entry (and review) as a browser posts it."""
    data = {"line-TOTAL_FORMS": total_forms or str(len(lines)), "line-INITIAL_FORMS": "0"}
    for index, line in enumerate(lines):
        data |= {f"line-{index}-{key}": value for key, value in line.items()}
    return data


def post_stated(client, data):
    response = client.post(reverse("desk:quick"), data)
    assert response.status_code == 400
    assert Order.objects.count() == 0
    stated = response.context["stated"]
    return stated.lines.non_form_errors(), [form.errors for form in stated.lines.forms]


def test_a_count_of_stated_lines_that_is_no_number_is_a_form_error(client_operator, quick_order):
    non_form, _forms = post_stated(client_operator, quick_order | stated_lines(total_forms="abc"))
    assert non_form  # the management form is refused, nothing is read


def test_twenty_million_stated_lines_are_refused_before_they_are_built(client_operator,
                                                                       quick_order):
    data = quick_order | stated_lines({"name": "Chocolate", "quantity": "1"},
                                      total_forms="20000000")
    non_form, forms = post_stated(client_operator, data)
    assert len(forms) <= MAX_PRODUCTS and any(str(MAX_PRODUCTS) in error for error in non_form)


@pytest.mark.parametrize("price", ["1e30", "NaN", "Infinity", "-5", "12.345", "abc"])
def test_a_stated_price_out_of_bounds_is_a_form_error(client_operator, quick_order, price):
    _non_form, forms = post_stated(client_operator, quick_order | stated_lines(
        {"name": "Chocolate", "quantity": "1", "unit_price": price}))
    assert "unit_price" in forms[0]


def test_stated_lines_that_overflow_an_order_are_refused(client_operator, quick_order):
    lines = [{"name": f"Gold {index}", "quantity": "999", "unit_price": "99999999"}
             for index in range(2)]
    response = client_operator.post(reverse("desk:quick"), quick_order | stated_lines(*lines))
    assert response.status_code == 400 and Order.objects.count() == 0


def test_overlong_texts_are_field_errors(client_operator, quick_order):
    response = client_operator.post(reverse("desk:quick"), quick_order | {
        "card_message": "x" * 2001, "recipient_address": "x" * 1001, "delivery_date": "1" * 41})
    assert response.status_code == 400 and Order.objects.count() == 0
    assert {"card_message", "recipient_address", "delivery_date"} <= set(response.context["form"].errors)


@pytest.mark.parametrize("page", ["999999999999999999999999", "100001", "0", "-1", "abc", "1.5", "²"])
def test_a_queue_page_that_cannot_exist_is_a_404(client_operator, page):
    assert client_operator.get(reverse("desk:queue"), {"page": page}).status_code == 404


def test_a_queue_page_past_the_end_is_a_404_but_its_refresh_shows_it_empty(client_operator, desk_order):
    assert client_operator.get(reverse("desk:queue"), {"page": "1"}).status_code == 200
    assert client_operator.get(reverse("desk:queue"), {"page": "2"}).status_code == 404
    refresh = client_operator.get(reverse("desk:queue"), {"page": "2"}, HTTP_HX_REQUEST="true")
    assert refresh.status_code == 200 and refresh.context["rows"] == []


def test_a_queue_page_past_the_end_is_a_404_with_pre_orders_open_too(client_operator,
                                                                     desk_order):
    from datetime import timedelta

    from django.utils import timezone

    from orders.models import Lead
    from orders.tests.factories import CustomerFactory, normalized_order

    Lead.objects.create(brand=desk_order.brand, site_number="8001",
                        customer=CustomerFactory(name="Lusine"),
                        delivery_date=timezone.localdate() + timedelta(days=3),
                        details=normalized_order().to_json())
    first = client_operator.get(reverse("desk:queue"), {"page": "1"})
    assert [row.kind for row in first.context["rows"]] == ["order", "lead"]
    for page in ("2", "7"):  # the pre-order was shown on page 1, the last page
        assert client_operator.get(reverse("desk:queue"), {"page": page}).status_code == 404


@pytest.mark.parametrize("lead", ["abc", "99999999", "-3", "9" * 30])
def test_quick_entry_for_a_pre_order_that_does_not_exist(client_operator, lead):
    response = client_operator.get(reverse("desk:quick"), {"lead": lead}, follow=True)
    assert response.redirect_chain == [(reverse("desk:quick"), 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "There is no such pre-order; here is an empty form."]


def test_quick_entry_from_a_pre_order_with_an_odd_channel(client_operator):
    lead = Lead.objects.create(brand=BrandFactory(), site_number="8001", customer=CustomerFactory(),
                               details={"items": [{"sku": "DSK-ROSE", "quantity": "many"}]})
    response = client_operator.get(reverse("desk:quick"), {"lead": lead.pk, "channel": "x" * 99})
    assert response.status_code == 200
    assert response.context["form"].initial["channel"] == "phone_1"


@pytest.mark.parametrize("name,args", [("desk:order", ["9" * 40]),
                                       ("desk:order_action", ["9" * 40, "confirm"]),
                                       ("desk:review_item", ["9" * 19]),
                                       ("desk:lead_outcome", ["9" * 25])])
def test_an_id_beyond_any_row_is_a_404(client_operator, name, args):
    url = reverse(name, args=[1] + args[1:]).replace("/1/", f"/{args[0]}/", 1)
    assert client_operator.post(url, {}).status_code == 404


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31)])
def test_the_edit_form_refuses_a_date_years_away(client_operator, desk_order, day):
    response = client_operator.post(reverse("desk:order_action", args=[desk_order.pk, "edit"]), {
        "version": desk_order.version, "delivery_date": day.isoformat(),
        "window_from": "01:00", "window_until": "02:00", "recipient_name": "Lilit",
        "recipient_address": "Yerevan"})
    assert response.status_code == 400 and "delivery_date" in response.context["forms"]["edit"].errors
    desk_order.refresh_from_db()
    assert desk_order.delivery_date != day
    assert client_operator.get(reverse("desk:queue")).status_code == 200


def test_a_review_item_whose_parse_has_an_odd_quantity_opens(client_operator):
    item = review_item(parsed={"items": [{"sku": "DSK-ROSE", "quantity": "two dozen"}]})
    assert client_operator.get(reverse("desk:review_item", args=[item.pk])).status_code == 200
