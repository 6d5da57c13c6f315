"""Photos of the bouquet and at the door: what is taken, what is refused, what is kept."""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from delivery.models import BrandPhotoPolicy, DeliveryPhoto
from delivery.photos import (
    PhotoRefused,
    customer_photos,
    photo_attach,
    photo_for_token,
    photo_panel,
    photo_url,
)
from orders.models import OrderEvent, Status
from orders.tests.factories import OrderFactory

from .factories import photo_bytes, photo_upload

pytestmark = pytest.mark.django_db

Kind = DeliveryPhoto.Kind


@pytest.fixture
def order(db):
    order = OrderFactory(status=Status.ASSEMBLING)
    BrandPhotoPolicy.objects.create(brand=order.brand, bouquet_photos=True, door_photos=True)
    return order


def test_a_bouquet_photo_is_kept_resized_without_exif_under_a_random_name(order, media):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (40.0, 10.0, 30.0), 3: "E", 4: (44.0, 30.0, 0.0)}  # GPS
    data = photo_bytes(size=(4000, 3000), exif=exif)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the input does carry GPS

    photo = photo_attach(order_id=order.pk, kind=Kind.BOUQUET, upload=photo_upload(data),
                         system="florist")

    assert (photo.width, photo.height) == (1600, 1200)
    assert re.fullmatch(r"photos/[0-9a-f]{32}\.jpg", photo.image.name)
    assert default_storage.exists(photo.image.name)  # through Django's storage API
    assert (media / photo.image.name).exists()
    with default_storage.open(photo.image.name) as handle:
        kept = Image.open(handle)
        kept.load()
    assert kept.format == "JPEG" and kept.size == (1600, 1200)
    assert not dict(kept.getexif())
    assert "exif" not in kept.info
    event = OrderEvent.objects.get(order=order, kind=OrderEvent.Kind.NOTE)
    assert event.after == {"photo": photo.pk, "kind": "bouquet"} and event.system == "florist"


def test_two_photos_never_share_a_name(order):
    first = photo_attach(order_id=order.pk, kind=Kind.BOUQUET, upload=photo_upload())
    second = photo_attach(order_id=order.pk, kind=Kind.BOUQUET, upload=photo_upload())
    assert first.image.name != second.image.name


def test_a_sideways_phone_photo_is_turned_upright(order):
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    photo = photo_attach(order_id=order.pk, kind=Kind.BOUQUET,
                         upload=photo_upload(photo_bytes(size=(400, 200), exif=exif)))
    assert (photo.width, photo.height) == (200, 400)


def test_a_png_is_kept_as_jpeg(order):
    photo = photo_attach(order_id=order.pk, kind=Kind.BOUQUET,
                         upload=photo_upload(photo_bytes(fmt="PNG"), name="x.png"))
    with default_storage.open(photo.image.name) as handle:
        assert Image.open(handle).format == "JPEG"


def test_the_timeline_says_a_photo_was_attached(order):
    from orders.timeline import event_sentence

    photo_attach(order_id=order.pk, kind=Kind.BOUQUET, upload=photo_upload())
    event = OrderEvent.objects.get(order=order, kind=OrderEvent.Kind.NOTE)
    assert event_sentence(event) == "Photo attached: the finished bouquet."


@pytest.mark.parametrize("switches", [None, {"bouquet_photos": False, "door_photos": True}])
def test_refused_when_the_brand_does_not_take_that_kind(switches):
    order = OrderFactory(status=Status.ASSEMBLING)
    if switches:
        BrandPhotoPolicy.objects.create(brand=order.brand, **switches)
    with pytest.raises(PhotoRefused, match="takes no photos of this kind"):
        photo_attach(order_id=order.pk, kind=Kind.BOUQUET, upload=photo_upload())
    assert not DeliveryPhoto.objects.exists()


@pytest.mark.parametrize("kind,status,ok", [
    (Kind.BOUQUET, Status.NEW, False),
    (Kind.BOUQUET, Status.CONFIRMED, False),
    (Kind.BOUQUET, Status.ASSEMBLING, True),
    (Kind.BOUQUET, Status.OUT_FOR_DELIVERY, True),
    (Kind.BOUQUET, Status.DELIVERED, True),
    (Kind.BOUQUET, Status.CANCELLED, False),
    (Kind.DOOR, Status.ASSEMBLING, False),
    (Kind.DOOR, Status.OUT_FOR_DELIVERY, True),
    (Kind.DOOR, Status.DELIVERED, True),
    (Kind.DOOR, Status.FAILED, False),
    (Kind.DOOR, Status.CANCELLED, False),
])
def test_each_kind_only_at_its_time(order, kind, status, ok):
    order.status = status
    order.save(update_fields=["status"])
    if ok:
        assert photo_attach(order_id=order.pk, kind=kind, upload=photo_upload()).pk
    else:
        with pytest.raises(PhotoRefused, match="no photo"):
            photo_attach(order_id=order.pk, kind=kind, upload=photo_upload())


def test_an_unknown_kind_is_refused(order):
    with pytest.raises(PhotoRefused):
        photo_attach(order_id=order.pk, kind="selfie", upload=photo_upload())


@pytest.mark.parametrize("data,name", [
    (b"not an image at all", "photo.jpg"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "broken.png"),
    (photo_bytes()[:400], "truncated.jpg"),
    (photo_bytes(fmt="GIF"), "anim.gif"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "x.svg"),
])
def test_what_is_not_a_photo_is_refused_and_nothing_is_stored(order, media, data, name):
    with pytest.raises(PhotoRefused, match="not a photo"):
        photo_attach(order_id=order.pk, kind=Kind.BOUQUET, upload=photo_upload(data, name=name))
    assert not DeliveryPhoto.objects.exists()
    assert not list(media.rglob("*.jpg")) if media.exists() else True


def test_too_many_bytes_is_refused(order, settings):
    settings.PHOTO_MAX_BYTES = 1000
    with pytest.raises(PhotoRefused, match="too big"):
        photo_attach(order_id=order.pk, kind=Kind.BOUQUET, upload=photo_upload())


def test_too_many_pixels_is_refused_before_decoding(order, settings):
    settings.PHOTO_MAX_PIXELS = 100 * 100
    with pytest.raises(PhotoRefused, match="too many pixels"):
        photo_attach(order_id=order.pk, kind=Kind.BOUQUET,
                     upload=photo_upload(photo_bytes(size=(101, 100))))


def test_photos_per_order_are_bounded(order, settings):
    settings.PHOTO_MAX_PER_ORDER = 2
    for _n in range(2):
        photo_attach(order_id=order.pk, kind=Kind.BOUQUET, upload=photo_upload())
    with pytest.raises(PhotoRefused, match="already has"):
        photo_attach(order_id=order.pk, kind=Kind.BOUQUET, upload=photo_upload())
    assert photo_panel(order).kinds == []


def test_the_actor_is_kept(order, operator_user):
    photo = photo_attach(order_id=order.pk, kind=Kind.BOUQUET, upload=photo_upload(),
                         actor=operator_user)
    assert photo.taken_by == operator_user
    assert OrderEvent.objects.get(order=order, kind="note").actor == operator_user


# --- reads ---

def test_the_customer_sees_the_kinds_their_brand_takes(order):
    bouquet = photo_attach(order_id=order.pk, kind=Kind.BOUQUET, upload=photo_upload())
    order.status = Status.OUT_FOR_DELIVERY
    order.save(update_fields=["status"])
    door = photo_attach(order_id=order.pk, kind=Kind.DOOR, upload=photo_upload())
    assert customer_photos(order) == [bouquet, door]
    BrandPhotoPolicy.objects.filter(brand=order.brand).update(door_photos=False)
    assert customer_photos(order) == [bouquet]


def test_the_panel_reads_the_switches_and_the_photos(order, operator_user):
    panel = photo_panel(order)
    assert panel.photos == [] and [kind for kind, _label in panel.kinds] == ["bouquet"]
    photo = photo_attach(order_id=order.pk, kind=Kind.BOUQUET, upload=photo_upload(),
                         actor=operator_user)
    panel = photo_panel(order)
    assert [p.pk for p in panel.photos] == [photo.pk]
    shown = panel.photos[0]
    assert (shown.kind, shown.image.name, shown.width, shown.height) == (
        "bouquet", photo.image.name, photo.width, photo.height)
    assert shown.created_at == photo.created_at and shown.attached_by == (
        operator_user.get_full_name() or operator_user.username)
    assert panel.urls()[0][1].startswith("/photos/")


def test_the_panel_offers_nothing_without_a_policy():
    order = OrderFactory(status=Status.OUT_FOR_DELIVERY)
    assert photo_panel(order).kinds == []


def test_a_link_is_signed_and_expires(order, settings):
    photo = photo_attach(order_id=order.pk, kind=Kind.BOUQUET, upload=photo_upload())
    url = photo_url(photo)
    token = url.removeprefix("/photos/").rstrip("/")
    assert url == reverse("photos:show", args=[token])
    assert photo_for_token(token) == photo
    assert photo_for_token(token[:-2] + ("AA" if token[-2:] != "AA" else "BB")) is None
    assert photo_for_token("garbage") is None
    from delivery.photos import PhotoLinkExpired

    with time_machine.travel(timedelta(seconds=settings.PHOTO_URL_SECONDS + 5)):
        with pytest.raises(PhotoLinkExpired):
            photo_for_token(token)


# --- where the files go ---

def _settings_in_a_fresh_process(env: dict) -> str:
    import os
    import subprocess
    import sys

    code = ("import django; django.setup(); from django.conf import settings; "
            "from django.core.files.storage import storages; s = storages['default']; "
            "print(type(s).__name__, getattr(s, 'bucket_name', ''), getattr(s, 'default_acl', ''),"
            " getattr(s, 'querystring_auth', ''), settings.MEDIA_ROOT)")
    base = {key: value for key, value in os.environ.items() if not key.startswith("MEDIA_")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True,
        env=base | {"DJANGO_SETTINGS_MODULE": "rg_orders.settings.prod", "SECRET_KEY": "x" * 50,
                    "ALLOWED_HOSTS": "desk.example.am", "DATABASE_URL": "sqlite:///:memory:",
                    "REDIS_URL": "redis://127.0.0.1:6379/0"} | env)
    return result.stdout.strip()


def test_files_go_to_var_media_by_default_and_to_a_private_bucket_when_one_is_set():
    local = _settings_in_a_fresh_process({})
    assert local.startswith("FileSystemStorage") and local.endswith("/media")
    s3 = _settings_in_a_fresh_process({"MEDIA_S3_BUCKET": "rg-photos",
                                       "MEDIA_S3_ENDPOINT_URL": "https://s3.example.am"})
    assert s3.split()[:4] == ["S3Storage", "rg-photos", "private", "True"]


def test_the_kinds_open_now_for_a_page_of_many_orders(order, django_assert_num_queries):
    from delivery.photos import photo_kinds, photo_policies

    other = OrderFactory(status=Status.OUT_FOR_DELIVERY, brand__code="gifts")
    order.status = Status.OUT_FOR_DELIVERY
    order.save(update_fields=["status"])
    with django_assert_num_queries(1):
        policies = photo_policies([order.brand_id, other.brand_id])
        assert [kind for kind, _label in photo_kinds(order, policy=policies[order.brand_id])] == [
            "bouquet", "door"]
        assert photo_kinds(other, policy=policies[other.brand_id]) == []
    assert [kind for kind, _label in photo_kinds(order)] == ["bouquet", "door"]


def test_a_kept_photo_has_no_comment_segment_nor_gps(order):
    """The JPEG comment survived re-encoding (issue 17): what is kept is the pixels only."""
    from .test_photo_image import jpeg_markers

    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (40.0, 10.0, 30.0), 3: "E", 4: (44.0, 30.0, 0.0)}  # GPS
    source = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 30, 60)).save(source, "JPEG", exif=exif,
                                                     comment=b"Tumanyan St 5, 3rd floor")
    photo = photo_attach(order_id=order.pk, kind=Kind.BOUQUET,
                         upload=photo_upload(source.getvalue()))
    with default_storage.open(photo.image.name) as handle:
        kept = handle.read()
    assert 0xFE not in jpeg_markers(kept) and 0xE1 not in jpeg_markers(kept)  # COM, EXIF
    assert b"Tumanyan" not in kept
    image = Image.open(io.BytesIO(kept))
    assert "comment" not in image.info and "exif" not in image.info
