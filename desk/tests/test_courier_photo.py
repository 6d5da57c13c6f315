"""The courier's page takes a photo at the door where the order's brand takes them."""

import pytest
from django.urls import reverse

from delivery.models import BrandPhotoPolicy, DeliveryPhoto
from delivery.tests.factories import CourierFactory, photo_bytes, photo_upload
from orders.tests.factories import BrandFactory

from .test_board import on_road, page_url

pytestmark = pytest.mark.django_db


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
