"""The admin cannot go around the desk's rules (issue 10, item 9)."""

import pytest
from django.contrib.admin import helpers
from django.contrib.admin.sites import site
from django.urls import reverse

from core.tests.factories import UserFactory
from delivery.models import Courier, DeliveryAttempt
from orders.models import OrderEvent, OrderLine, Partner, Status
from orders.tests.factories import BrandFactory, OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(username="boss", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_manager():
    return UserFactory(username="mgr-staff", is_staff=True, role="manager")


@pytest.fixture(params=["superuser", "staff_manager"])
def admin_client(request, client):
    client.force_login(request.getfixturevalue(request.param))
    return client


def _order():
    order = OrderFactory(recipient_address="Yerevan, Abovyan 12")
    OrderLineFactory(order=order)
    return order


def test_a_post_to_the_order_change_page_changes_nothing(admin_client):
    order = _order()
    url = reverse("admin:orders_order_change", args=[order.pk])

    assert admin_client.get(url).status_code == 200  # still readable
    response = admin_client.post(url, {"recipient_address": "Gyumri, somewhere else",
                                       "delivery_fee": "99999", "status": "delivered"})

    assert response.status_code == 403
    order.refresh_from_db()
    assert order.recipient_address == "Yerevan, Abovyan 12" and order.version == 1
    assert order.delivery_fee == 0 and order.status == Status.NEW


def test_nobody_deletes_an_order_not_even_a_superuser(admin_client):
    order = _order()
    url = reverse("admin:orders_order_delete", args=[order.pk])

    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403

    changelist = admin_client.get(reverse("admin:orders_order_changelist"))
    offered = [value for value, _label in changelist.context["action_form"].fields["action"].choices]
    assert "delete_selected" not in offered and "cancel_orders" in offered
    admin_client.post(reverse("admin:orders_order_changelist"),
                      {"action": "delete_selected", helpers.ACTION_CHECKBOX_NAME: [order.pk],
                       "post": "yes"})
    order.refresh_from_db()  # still there


@pytest.mark.parametrize("model", ["orderevent", "orderline"])
def test_lines_and_events_cannot_be_added_changed_or_deleted(client, superuser, model):
    client.force_login(superuser)
    order = _order()
    event = OrderEvent.objects.create(order=order, kind="note", message="hello")
    if model == "orderevent":
        change = reverse("admin:orders_orderevent_change", args=[event.pk])
        assert client.post(change, {"message": "rewritten"}).status_code == 403
        assert client.post(reverse("admin:orders_orderevent_delete", args=[event.pk]),
                           {"post": "yes"}).status_code == 403
        event.refresh_from_db()
        assert event.message == "hello"
    else:  # lines are only an inline of the read-only order page
        page = client.get(reverse("admin:orders_order_change", args=[order.pk]))
        assert 'name="lines-0-quantity"' not in page.content.decode()
        assert OrderLine.objects.filter(order=order).count() == 1


def test_delivery_attempts_are_read_only(client, superuser):
    client.force_login(superuser)
    order = _order()
    courier = Courier.objects.create(name="Vahe", kind=Courier.Kind.OWN, phone="+37491555101")
    attempt = DeliveryAttempt.objects.create(order=order, courier=courier)
    url = reverse("admin:delivery_deliveryattempt_change", args=[attempt.pk])
    assert client.post(url, {"status": "delivered"}).status_code == 403
    assert client.post(reverse("admin:delivery_deliveryattempt_delete", args=[attempt.pk]),
                       {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:delivery_deliveryattempt_add")).status_code == 403


def test_the_cancel_action_asks_why_and_goes_through_the_service(admin_client):
    order = _order()
    changelist = reverse("admin:orders_order_changelist")
    chosen = {"action": "cancel_orders", helpers.ACTION_CHECKBOX_NAME: [order.pk]}

    asked = admin_client.post(changelist, chosen)
    assert asked.status_code == 200 and 'name="reason"' in asked.content.decode()
    order.refresh_from_db()
    assert order.status == Status.NEW  # nothing happens before a reason is given

    admin_client.post(changelist, chosen | {"apply": "1", "reason": "customer called it off"})

    order.refresh_from_db()
    assert order.status == Status.CANCELLED and order.version == 2
    event = order.events.get(kind=OrderEvent.Kind.STATUS_CHANGED)
    assert event.after["status"] == Status.CANCELLED
    assert "customer called it off" in event.message


def test_mark_handled_clears_the_reason_through_the_service(client, superuser):
    client.force_login(superuser)
    order = OrderFactory(attention="The partner asked to cancel it after it left.")
    client.post(reverse("admin:orders_order_changelist"),
                {"action": "mark_handled", helpers.ACTION_CHECKBOX_NAME: [order.pk]})
    order.refresh_from_db()
    assert order.attention == "" and order.events.filter(kind=OrderEvent.Kind.EDITED).exists()


def test_the_partner_admin_is_orders_own_and_opens(client, superuser):
    """A partner is an orders model, so its admin is orders' (channels_intake's admin keeps
    its own models: keys, endpoints, layouts)."""
    partner = Partner.objects.create(code="gifts-am", name="Gifts.am", brand=BrandFactory())
    assert type(site.get_model_admin(Partner)).__module__ == "orders.admin"
    client.force_login(superuser)
    listed = client.get(reverse("admin:orders_partner_changelist"), {"q": "gifts"})
    assert listed.status_code == 200 and "Gifts.am" in listed.content.decode()
    assert client.get(reverse("admin:orders_partner_change", args=[partner.pk])).status_code == 200
