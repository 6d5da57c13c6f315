"""Control and direction override characters (BEL, ESC, U+202E) are refused in every text of
the desk's forms (and the courier's and the customer's), beside the field and saying why
(issue 17)."""

import inspect
from datetime import timedelta

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from core.text import LineField, TextField
from customers import forms as customer_forms
from delivery import forms as delivery_forms
from orders.models import Order
from orders.tests.factories import BrandFactory

from .conftest import desk_form_modules, package_modules

pytestmark = pytest.mark.django_db

BAD = ["\x07", "\x1b", "\u202e"]


@pytest.mark.parametrize("bad", BAD)
def test_the_edit_form_refuses_them_beside_the_field(client_operator, desk_order, bad):
    response = client_operator.post(reverse("desk:order_action", args=[desk_order.pk, "edit"]), {
        "version": desk_order.version, "delivery_date": desk_order.delivery_date.isoformat(),
        "recipient_name": f"Lilit{bad}Petrosyan", "recipient_address": "Yerevan,\r\nTeryan 60",
        "card_message": f"With love{bad}"})
    assert response.status_code == 400
    errors = response.context["forms"]["edit"].errors
    assert set(errors) == {"recipient_name", "card_message"}
    assert f"U+{ord(bad):04X}" in errors["recipient_name"][0]
    desk_order.refresh_from_db()
    assert bad not in desk_order.recipient_name


@pytest.mark.parametrize("bad", BAD)
def test_quick_entry_refuses_them_beside_the_field(client_operator, rose, bad):
    BrandFactory()
    response = client_operator.post(reverse("desk:quick"), {
        "channel": "phone_1", "brand": "flowers", "customer_phone": "091 22 23 33",
        "customer_language": "hy", "customer_name": f"Anna{bad}", "recipient_name": "Lilit",
        "recipient_address": "Yerevan, Teryan 60", "payment_method": "cash",
        "delivery_date": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "qty:DSK-ROSE": "1"})
    assert response.status_code == 400 and Order.objects.count() == 0
    assert list(response.context["form"].errors) == ["customer_name"]


def test_a_customers_question_on_the_status_page_is_refused_too(client):
    from orders.links import status_path
    from orders.tests.factories import OrderFactory

    response = client.post(status_path(OrderFactory()), {"action": "ask",
                                                          "text": "Where\u202e is it?"})
    assert response.status_code == 400 and "text" in response.context["question_form"].errors


def _text_fields():
    for module in (*desk_form_modules(), *package_modules(delivery_forms), customer_forms):
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm):
                yield from ((f"{name}.{field_name}", field)
                            for field_name, field in cls.base_fields.items()
                            if type(field) is forms.CharField or isinstance(field, LineField | TextField))


def test_every_text_of_the_desks_forms_refuses_them():
    fields = dict(_text_fields())
    assert {"EditForm.recipient_name", "QuickEntryForm.card_message", "ReplyForm.text",
            "ControlResolveForm.note", "QuestionForm.text", "CourierFailedForm.note"} <= set(fields)
    for name, field in fields.items():
        assert isinstance(field, LineField | TextField), name
        multiline = isinstance(field.widget, forms.Textarea)
        assert isinstance(field, TextField if multiline else LineField), name
        for bad in BAD:
            with pytest.raises(forms.ValidationError):
                field.clean(f"abc{bad}def")
