"""A photo behind its signed link (delivery/views/photos.py, /photos/<token>/): shown to
anyone holding it, never to a forged, expired or switched-off one, never at a guessable URL."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from delivery.models import BrandPhotoPolicy, DeliveryPhoto
from delivery.photos import photo_attach, photo_url
from delivery.tests.factories import photo_upload
from orders.models import Status
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(db):
    order = OrderFactory(status=Status.ASSEMBLING)
    BrandPhotoPolicy.objects.create(brand=order.brand, bouquet_photos=True, door_photos=False)
    return photo_attach(order_id=order.pk, kind=DeliveryPhoto.Kind.BOUQUET, upload=photo_upload())


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_signed_link_shows_the_photo_to_anyone_holding_it(client, photo):
    response = client.get(photo_url(photo))  # not logged in: the customer
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"].startswith("private")
    assert response["X-Content-Type-Options"] == "nosniff"
    with photo.image.open("rb") as handle:
        assert _body(response) == handle.read()


def test_a_tampered_or_made_up_link_is_a_404(client, photo):
    url = photo_url(photo)
    token = url.removeprefix("/photos/").rstrip("/")
    forged = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    assert client.get(reverse("photos:show", args=[forged])).status_code == 404
    assert client.get("/photos/1/").status_code == 404
    assert client.get(f"/photos/{photo.pk}/").status_code == 404
    assert client.get("/photos/" + "A" * 5000 + "/").status_code == 404


def test_an_expired_link_is_a_403(client, photo, settings):
    url = photo_url(photo)
    with time_machine.travel(timedelta(seconds=settings.PHOTO_URL_SECONDS + 60)):
        assert client.get(url).status_code == 403


def test_the_file_is_not_at_a_guessable_or_public_url(client, photo, settings):
    name = photo.image.name
    assert re.fullmatch(r"photos/[0-9a-f]{32}\.jpg", name)
    assert client.get(settings.MEDIA_URL + name).status_code == 404
    assert client.get("/" + name, follow=True).status_code == 404


def test_a_customer_link_stops_when_the_brand_switches_the_kind_off(client, photo):
    customer, operator = photo_url(photo), photo_url(photo, for_customer=False)
    BrandPhotoPolicy.objects.filter(brand=photo.order.brand).update(bouquet_photos=False)
    assert client.get(customer).status_code == 404
    assert client.get(operator).status_code == 200


def test_a_link_to_a_file_gone_from_storage_is_a_404(client, photo):
    photo.image.storage.delete(photo.image.name)
    assert client.get(photo_url(photo)).status_code == 404
