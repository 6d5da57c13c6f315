"""The photos on the desk: the order page's panel and upload, who may post. The signed link
itself is delivery's (delivery/tests/views/test_photos.py)."""

import re

import pytest
from django.urls import reverse

from core.tests.factories import UserFactory
from delivery.models import BrandPhotoPolicy, DeliveryPhoto
from delivery.photos import photo_attach
from delivery.tests.factories import photo_bytes, photo_upload
from orders.models import Status

from .conftest import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(rose):
    order = make_order(rose, status=Status.ASSEMBLING)
    BrandPhotoPolicy.objects.create(brand=order.brand, bouquet_photos=True, door_photos=False)
    return order


@pytest.fixture
def photo(order):
    return photo_attach(order_id=order.pk, kind=DeliveryPhoto.Kind.BOUQUET, upload=photo_upload())


def test_the_order_page_shows_the_panel_with_signed_thumbnails(client_operator, order, photo):
    response = client_operator.get(reverse("desk:order", args=[order.pk]))
    html = response.content.decode()
    assert 'id="photos"' in html
    urls = re.findall(r'<img src="(/photos/[^"]+/)"', html)
    assert len(urls) == 1 and client_operator.get(urls[0]).status_code == 200
    assert photo.image.name not in html  # only the signed link, never the storage path
    assert 'enctype="multipart/form-data"' in html
    assert reverse("desk:order_photos", args=[order.pk]) in html


def test_no_panel_for_a_brand_without_photos(client_operator, rose):
    order = make_order(rose, status=Status.ASSEMBLING)
    html = client_operator.get(reverse("desk:order", args=[order.pk])).content.decode()
    assert 'id="photos"' not in html


def test_an_operator_attaches_a_photo_from_the_order_page(client_operator, order, operator_user):
    url = reverse("desk:order_photos", args=[order.pk])
    response = client_operator.post(url, {"kind": "bouquet", "image": photo_upload()})
    assert response.status_code == 302 and response["Location"] == reverse("desk:order",
                                                                            args=[order.pk])
    photo = DeliveryPhoto.objects.get(order=order)
    assert photo.taken_by == operator_user
    page = client_operator.get(response["Location"]).content.decode()
    assert "Photo attached." in page


@pytest.mark.parametrize("data", [
    {"kind": "door", "image": "photo"},  # door photos switched off for this brand
    {"kind": "bouquet", "image": "text"},
    {"kind": "selfie", "image": "photo"},
    {"kind": "bouquet"},
])
def test_a_refused_upload_says_why_and_stores_nothing(client_operator, order, data):
    url = reverse("desk:order_photos", args=[order.pk])
    if data.get("image") == "photo":
        data["image"] = photo_upload()
    elif data.get("image") == "text":
        data["image"] = photo_upload(b"hello", name="notes.txt", content_type="text/plain")
    response = client_operator.post(url, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("desk:order", args=[order.pk])
    assert list(response.context["messages"])
    assert not DeliveryPhoto.objects.exists()


def test_too_big_an_upload_is_refused_by_the_form(client_operator, order, settings):
    settings.PHOTO_MAX_BYTES = 2000
    response = client_operator.post(reverse("desk:order_photos", args=[order.pk]),
                                    {"kind": "bouquet", "image": photo_upload(photo_bytes())},
                                    follow=True)
    assert "too big" in response.content.decode()
    assert not DeliveryPhoto.objects.exists()


def test_uploading_needs_a_desk_role(client, order):
    url = reverse("desk:order_photos", args=[order.pk])
    response = client.post(url, {"kind": "bouquet", "image": photo_upload()})
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(UserFactory(role=None, username="nobody"))
    assert client.post(url, {"kind": "bouquet", "image": photo_upload()}).status_code == 403
    assert not DeliveryPhoto.objects.exists()


def test_a_manager_may_attach_too(client_manager, order):
    response = client_manager.post(reverse("desk:order_photos", args=[order.pk]),
                                   {"kind": "bouquet", "image": photo_upload()})
    assert response.status_code == 302 and DeliveryPhoto.objects.count() == 1


def test_an_unknown_order_is_a_404_and_get_is_not_allowed(client_operator, order):
    assert client_operator.post(reverse("desk:order_photos", args=[999999]),
                                {"kind": "bouquet", "image": photo_upload()}).status_code == 404
    assert client_operator.get(reverse("desk:order_photos", args=[order.pk])).status_code == 405


def test_the_photo_form_takes_a_photo_larger_than_other_pages_take(client_operator, order,
                                                                    settings):
    """RG_MAX_PHOTO_BODY_BYTES for the photo form, RG_MAX_BODY_BYTES elsewhere (issue 17)."""
    data = photo_bytes(size=(600, 400))
    settings.RG_MAX_BODY_BYTES = len(data) // 2
    settings.RG_MAX_PHOTO_BODY_BYTES = len(data) + 1000
    url = reverse("desk:order_photos", args=[order.pk])
    response = client_operator.post(url, {"kind": "bouquet", "image": photo_upload(data)})
    assert response.status_code == 302 and DeliveryPhoto.objects.count() == 1
    edit = client_operator.post(reverse("desk:order", args=[order.pk]),
                                {"note": "x", "image": photo_upload(data)})
    assert edit.status_code == 413

    settings.RG_MAX_PHOTO_BODY_BYTES = len(data) // 2
    response = client_operator.post(url, {"kind": "bouquet", "image": photo_upload(data)},
                                    HTTP_ACCEPT="text/html")
    assert response.status_code == 413 and "too large" in response.content.decode().lower()
    assert DeliveryPhoto.objects.count() == 1
