"""The courier's own page (delivery/views/courier.py): no login, the signed link is the key;
what it shows, delivered / failed / a photo at the door, and what a bad link or another
courier's order gets."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from delivery.models import BrandPhotoPolicy, Courier, DeliveryAttempt, DeliveryPhoto
from delivery.tests.factories import CourierFactory, photo_bytes, photo_upload
from delivery.tests.road import fill_today, on_road, page_url
from orders.tests.factories import BrandFactory

pytestmark = pytest.mark.django_db
Reason = DeliveryAttempt.FailureReason
# the courier, the stops, their brands' photo switches (no session: no login).
COURIER_PAGE_QUERIES = 3


@pytest.mark.parametrize("size", [5, 40])
def test_the_courier_page_is_a_fixed_number_of_queries(client, size,
                                                       django_assert_max_num_queries):
    courier = CourierFactory()
    fill_today(size, [courier])
    with django_assert_max_num_queries(COURIER_PAGE_QUERIES):
        response = client.get(page_url(courier)[0])
    assert len(response.context["stops"]) == sum(1 for n in range(size) if n % 3 != 2)


def test_the_courier_page_needs_no_login_and_shows_that_couriers_stops(client):
    courier, other = CourierFactory(name="Vahe"), CourierFactory()
    mine, attempt = on_road(courier, recipient_address="Yerevan, Abovyan 12/3",
                            recipient_phone="+37493112233")
    theirs, _attempt = on_road(other)
    url, _token = page_url(courier)
    response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200
    assert mine.number in text and theirs.number not in text
    assert 'href="tel:+37493112233"' in text
    assert "https://maps.google.com/?q=Yerevan%2C%20Abovyan%2012%2F3" in text
    assert "PHOTO AT THE DOOR" not in text  # a template comment, never sent
    assert "no-store" in response["Cache-Control"]  # the link is the key: never cached
    assert 'lang="hy"' in text


def test_the_courier_marks_delivered_and_failed(client):
    courier = CourierFactory()
    first, first_attempt = on_road(courier)
    second, second_attempt = on_road(courier)
    url, token = page_url(courier)
    client.get(url)
    response = client.post(reverse("courier:outcome", args=[token, first.pk, "failed"]),
                           {"failure_reason": Reason.OTHER, "note": ""})
    assert response.status_code == 400  # "other" needs a note
    response = client.post(reverse("courier:outcome", args=[token, first.pk, "failed"]),
                           {"failure_reason": Reason.RECIPIENT_ABSENT, "note": "nobody home"})
    assert response.status_code == 302
    response = client.post(reverse("courier:outcome", args=[token, second.pk, "delivered"]))
    assert response.status_code == 302
    first_attempt.refresh_from_db()
    second_attempt.refresh_from_db()
    assert (first_attempt.status, first_attempt.failure_reason, first_attempt.note) == (
        "failed", Reason.RECIPIENT_ABSENT, "nobody home")
    assert second_attempt.status == "delivered"
    event = second.events.filter(kind="status_changed").last()
    assert event.system == f"courier:{courier.pk}" and event.actor is None
    # Pressed twice: told, never a 500.
    response = client.post(reverse("courier:outcome", args=[token, second.pk, "delivered"]))
    assert response.status_code == 302


def test_another_couriers_order_is_refused(client):
    courier, other = CourierFactory(), CourierFactory()
    theirs, attempt = on_road(other)
    _url, token = page_url(courier)
    response = client.post(reverse("courier:outcome", args=[token, theirs.pk, "delivered"]))
    assert response.status_code == 403
    attempt.refresh_from_db()
    assert attempt.status == DeliveryAttempt.Status.IN_PROGRESS


def test_another_days_order_is_refused(client):
    courier = CourierFactory()
    order, attempt = on_road(courier)
    _url, token = page_url(courier, day=timezone.localdate() + timedelta(days=1))
    response = client.post(reverse("courier:outcome", args=[token, order.pk, "delivered"]))
    assert response.status_code == 403


def test_an_expired_link_is_a_410_in_armenian(client, settings):
    courier = CourierFactory()
    with time_machine.travel(timezone.now() - timedelta(hours=settings.COURIER_LINK_MAX_AGE_HOURS
                                                        + 1)):
        url, _token = page_url(courier)
    response = client.get(url)
    assert response.status_code == 410
    assert 'lang="hy"' in response.content.decode()


@pytest.mark.parametrize("token", ["nonsense", "a" * 600, "eyJjIjo3fQ:1abc:xyz"])
def test_a_made_up_link_is_a_403(client, token):
    response = client.get(reverse("courier:page", args=[token]))
    assert response.status_code == 403
    assert 'role="alert"' in response.content.decode()


def test_a_tampered_link_is_a_403(client):
    _url, token = page_url(CourierFactory())
    response = client.get(reverse("courier:page", args=[token[:-3] + "abc"]))
    assert response.status_code == 403


def test_an_inactive_or_parcel_courier_link_is_a_403(client):

    gone = CourierFactory(is_active=False)
    post = CourierFactory(kind=Courier.Kind.POST)
    for courier in (gone, post):
        url, _token = page_url(courier)
        assert client.get(url).status_code == 403


def test_the_courier_page_speaks_the_links_language(client):
    courier = CourierFactory()
    on_road(courier)
    url, _token = page_url(courier, language="ru")
    assert 'lang="ru"' in client.get(url).content.decode()


def test_an_unknown_outcome_is_a_404(client):
    courier = CourierFactory()
    order, _attempt = on_road(courier)
    _url, token = page_url(courier)
    assert client.post(reverse("courier:outcome",
                               args=[token, order.pk, "vanished"])).status_code == 404


# --- a photo at the door ---

def test_the_door_photo_form_shows_only_where_the_brand_takes_door_photos(client):
    courier = CourierFactory()
    taking, _attempt = on_road(courier)
    BrandPhotoPolicy.objects.create(brand=taking.brand, door_photos=True)
    other, _attempt = on_road(courier, brand=BrandFactory(code="other"))  # no switch: none
    url, _token = page_url(courier)
    page = client.get(url).content.decode()
    assert f'id="photo-{taking.pk}"' in page and f'id="photo-{other.pk}"' not in page


def test_the_courier_attaches_a_door_photo_and_a_bad_file_is_told_not_stored(client):
    courier = CourierFactory()
    order, _attempt = on_road(courier)
    BrandPhotoPolicy.objects.create(brand=order.brand, door_photos=True)
    url, token = page_url(courier)
    action = reverse("courier:outcome", args=[token, order.pk, "photo"])

    response = client.post(action, {"kind": "door", "image": photo_upload(b"not an image")},
                           follow=True)
    assert response.status_code == 200 and not DeliveryPhoto.objects.exists()

    response = client.post(action, {"kind": "door", "image": photo_upload(photo_bytes())})
    assert response.status_code == 302
    photo = DeliveryPhoto.objects.get()
    assert (photo.order_id, photo.kind, photo.system) == (order.pk, "door", f"courier:{courier.pk}")


def test_a_door_photo_for_a_brand_that_takes_none_is_refused(client):
    courier = CourierFactory()
    order, _attempt = on_road(courier)
    url, token = page_url(courier)
    response = client.post(reverse("courier:outcome", args=[token, order.pk, "photo"]),
                           {"kind": "door", "image": photo_upload(photo_bytes())}, follow=True)
    assert response.status_code == 200 and not DeliveryPhoto.objects.exists()


def test_a_door_photo_over_the_photo_body_limit_is_a_413(client, settings):
    courier = CourierFactory()
    order, _attempt = on_road(courier)
    BrandPhotoPolicy.objects.create(brand=order.brand, door_photos=True)
    _url, token = page_url(courier)
    data = photo_bytes(size=(600, 400))
    settings.RG_MAX_BODY_BYTES = len(data) // 2  # the courier's photo form takes more
    settings.RG_MAX_PHOTO_BODY_BYTES = len(data) + 1000
    action = reverse("courier:outcome", args=[token, order.pk, "photo"])
    assert client.post(action, {"kind": "door", "image": photo_upload(data)}).status_code == 302
    settings.RG_MAX_PHOTO_BODY_BYTES = len(data) // 2
    assert client.post(action, {"kind": "door", "image": photo_upload(data)}).status_code == 413
    assert DeliveryPhoto.objects.count() == 1
