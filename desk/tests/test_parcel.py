"""The parcel panel of the order page: what the carrier said, and a status typed by hand."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.tests.factories import UserFactory
from delivery.models import Courier, DeliveryAttempt, ParcelEvent
from delivery.services import courier_assign, delivery_dispatch
from delivery.tests.factories import CarrierFactory, CourierFactory
from delivery.tracking.services import parcel_status_record
from notices.models import MessageKind
from orders.models import Status
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def out_as_parcel(number="RR123AM"):
    courier = CourierFactory(kind=Courier.Kind.POST, carrier=CarrierFactory())
    order = OrderFactory(status=Status.ASSEMBLING)
    courier_assign(order_id=order.pk, courier_id=courier.pk)
    attempt = delivery_dispatch(order_id=order.pk, tracking_number=number)
    DeliveryAttempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(days=1))
    return order, attempt


def post(client, order, **data):
    return client.post(reverse("desk:parcel_status", args=[order.pk]), data)


def test_the_operator_types_the_carriers_status(client_operator):
    order, attempt = out_as_parcel()
    response = post(client_operator, order, status="At the post office", location="Gyumri 3101",
                    waiting="on")
    assert response.status_code == 302
    event = ParcelEvent.objects.get(attempt=attempt)
    assert (event.status, event.location, event.waiting, event.actor.username) == (
        "At the post office", "Gyumri 3101", True, "op")
    from core.models import OutboxMessage
    assert OutboxMessage.objects.filter(kind=MessageKind.PARCEL_WAITING,
                                        event=f"parcel:{event.pk}").count() == 1
    page = client_operator.get(reverse("desk:order", args=[order.pk]))
    body = page.content.decode()
    assert 'id="parcel"' in body and "Gyumri 3101" in body
    assert "https://track.example/RR123AM" in body
    # The same again is no news.
    post(client_operator, order, status="At the post office", location="Gyumri 3101",
         waiting="on")
    assert ParcelEvent.objects.count() == 1


def test_a_parcel_delivered_by_hand_finishes_the_delivery(client_manager):
    order, attempt = out_as_parcel()
    when = timezone.localtime() - timedelta(hours=2)
    post(client_manager, order, status="Handed over", delivered="on",
         happened_at=when.strftime("%Y-%m-%dT%H:%M"))
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.status == Status.DELIVERED
    assert attempt.finished_at == when.replace(second=0, microsecond=0)
    page = client_manager.get(reverse("desk:order", args=[order.pk]))
    assert 'id="parcel-submit"' not in page.content.decode()  # finished: nothing to type


@pytest.mark.parametrize("data", [
    {"status": ""}, {"status": "x" * 201}, {"status": "a", "location": "y" * 201},
    {"status": "a", "waiting": "on", "delivered": "on"},
    {"status": "a", "happened_at": "yesterday"},
    {"status": "a", "happened_at": "2999-01-01T10:00"},
    {"status": "a\x00b"},
])
def test_bad_input_is_refused_with_a_message_never_a_500(client_operator, data):
    order, _attempt = out_as_parcel()
    response = client_operator.post(reverse("desk:parcel_status", args=[order.pk]), data,
                                    follow=True)
    assert response.status_code == 200 and response.redirect_chain[0][1] == 302
    assert not ParcelEvent.objects.exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_an_order_that_is_not_on_the_road_as_a_parcel_has_no_panel(client_operator):
    order = OrderFactory(status=Status.ASSEMBLING)
    assert post(client_operator, order, status="a").status_code == 404
    page = client_operator.get(reverse("desk:order", args=[order.pk]))
    assert 'id="parcel"' not in page.content.decode()


def test_only_desk_roles_may_type_a_status(client):
    order, _attempt = out_as_parcel()
    response = post(client, order, status="a")
    assert response.status_code == 302 and "login" in response.url
    client.force_login(UserFactory(username="nobody"))
    assert post(client, order, status="a").status_code == 403
    assert client.get(reverse("desk:order", args=[order.pk])).status_code == 403
    assert not ParcelEvent.objects.exists()


def test_the_order_page_of_a_parcel_is_a_fixed_number_of_queries(client_operator):
    """The panel costs two queries (the attempt with its carrier, its statuses) whatever
    the number of statuses."""
    from .test_queries import ORDER_QUERIES

    counts = []
    for size in (1, 30):
        order, attempt = out_as_parcel(number=f"N{size}")
        for n in range(size):
            parcel_status_record(attempt_id=attempt.pk, status=f"status {n}",
                                 happened_at=timezone.now() - timedelta(minutes=size - n))
        url = reverse("desk:order", args=[order.pk])
        client_operator.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client_operator.get(url)
        assert response.status_code == 200
        assert len(response.context["parcel"].events) == size
        counts.append(len(queries))
    assert counts[0] == counts[1] <= ORDER_QUERIES + 2
