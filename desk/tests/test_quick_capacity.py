"""Quick entry when a window is full (issue 20): refused with the next free windows, a
manager's override with a reason, and the live places-left partial that holds a place."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from delivery.models import Booking, Hold
from delivery.tests.capacity_data import ADDRESS, day_after_tomorrow, limited_zone
from orders.models import Order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(timezone.now(), tick=False)


@pytest.fixture
def full_window_order(rose):
    """A quick-entry post for the limited window (desk/tests/test_hostile_input.py's order)."""
    from orders.tests.factories import BrandFactory

    BrandFactory()
    return {"channel": "phone_1", "brand": "flowers", "customer_phone": "091 22 23 33",
            "customer_language": "hy", "recipient_name": "Lilit", "recipient_address": ADDRESS,
            "payment_method": "cash", "delivery_date": day_after_tomorrow().isoformat(),
            "window": "10:00-13:00", "qty:DSK-ROSE": "1"}


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _fill(data, client):
    """Take the window's one place by quick entry."""
    assert client.post(reverse("desk:quick"), data).status_code == 302


def test_quick_entry_refuses_a_full_window_and_a_manager_overrides_with_a_reason(
        operator_user, manager_user, full_window_order):
    limited_zone(1)
    data = full_window_order
    client_operator, client_manager = _logged_in(operator_user), _logged_in(manager_user)
    _fill(data, client_operator)

    refused = client_operator.post(reverse("desk:quick"), data)
    assert refused.status_code == 400
    assert "This delivery window is full." in refused.context["form"].errors["window"][0]
    assert "Take the full window anyway" not in refused.content.decode()  # not for operators
    sneaked = client_operator.post(reverse("desk:quick"), data | {"capacity_override": "VIP"})
    assert sneaked.context["form"].errors["capacity_override"]

    offered = client_manager.post(reverse("desk:quick"), data)
    assert "Take the full window anyway" in offered.content.decode()
    taken = client_manager.post(reverse("desk:quick"), data | {"capacity_override": "VIP"})
    assert taken.status_code == 302
    assert Booking.objects.filter(override_reason="VIP").count() == 1
    assert Order.objects.count() == 2


def test_the_places_partial_holds_a_place_and_releases_it(client_operator, operator_user):
    limited_zone(2)
    url = reverse("desk:quick_places")
    picked = {"delivery_date": day_after_tomorrow().isoformat(), "window": "10:00-13:00",
              "recipient_address": ADDRESS}

    page = client_operator.post(url, picked).content.decode()
    assert "2 places left in this window" in page and "held for you until" in page
    hold = Hold.objects.get(user=operator_user)
    assert hold.expires_at == timezone.now() + timedelta(minutes=10)

    assert "released" in client_operator.post(url, {"release": "1"}).content.decode()
    assert not Hold.objects.exists()


@pytest.mark.parametrize("picked", [
    {}, {"delivery_date": "nonsense", "window": "10:00-13:00"},
    {"delivery_date": "day after tomorrow", "window": "13:00-10:00"},  # a reversed window
])
def test_the_places_partial_says_nothing_for_an_incomplete_pick(client_operator, picked):
    if picked.get("delivery_date") == "day after tomorrow":
        picked = picked | {"delivery_date": day_after_tomorrow().isoformat()}
    page = client_operator.post(reverse("desk:quick_places"), picked)
    assert page.status_code == 200 and not Hold.objects.exists()
