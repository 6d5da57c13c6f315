"""The order page offers exactly what the services accept (both read orders.rules)."""

import pytest
from django.urls import reverse

from delivery.exceptions import DeliveryError
from delivery.services import courier_assign
from orders.rules import Action, Status, order_actions
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", Status.values)
def test_the_courier_button_shows_exactly_where_the_service_assigns(client_operator, courier,
                                                                    status):
    """Before: the service assigned a courier to a new or unreached order, the page hid it.
    Decided: a courier is assigned once the customer has confirmed (and again after a failure)."""
    order = OrderFactory(status=status)
    page = client_operator.get(reverse("desk:order", args=[order.pk])).content.decode()
    shown = reverse("desk:order_action", args=[order.pk, "courier"]) in page
    try:
        courier_assign(order_id=order.pk, courier_id=courier.pk)
        accepted = True
    except DeliveryError:
        accepted = False
    assert shown == accepted == (Action.COURIER in order_actions(order))
    assert accepted == (status in (Status.CONFIRMED, Status.ASSEMBLING, Status.FAILED))


@pytest.mark.parametrize("status", Status.values)
def test_the_promo_form_shows_only_before_dispatch(client_operator, status):
    order = OrderFactory(status=status)
    page = client_operator.get(reverse("desk:order", args=[order.pk])).content.decode()
    shown = reverse("desk:order_action", args=[order.pk, "promo"]) in page
    assert shown == (status in (Status.NEW, Status.AWAITING_CUSTOMER, Status.CONFIRMED,
                                Status.ASSEMBLING))
