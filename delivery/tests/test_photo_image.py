"""What a photo costs to read and what is kept of it (issue 17, item 3 a and c): refused from
the header before decoding, decoded reduced, re-encoded with its pixels only."""

import io
import struct
import subprocess
import sys
import textwrap
import zlib

import pytest
from django.conf import settings as django_settings
from PIL import Image, ImageCms

from delivery.exceptions import PhotoRefused
from delivery.models import BrandPhotoPolicy, DeliveryPhoto
from delivery.photo_image import photo_jpeg
from delivery.photos import photo_attach
from orders.models import Status
from orders.tests.factories import OrderFactory

from .factories import photo_bytes, photo_upload

Kind = DeliveryPhoto.Kind


def png(width: int, height: int, *, bits: int = 8, color_type: int = 2, pixels: bool = False):
    """A PNG made by hand: its header says `width`×`height` at `bits` per channel; its image
    data is real (`pixels`) or cut short after a few bytes, so decoding it would fail: a refusal
    that names the header's problem proves nothing was decoded."""
    channels = {0: 1, 2: 3, 6: 4}[color_type]
    row = b"\x00" + b"\x00" * (width * channels * bits // 8)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    data = zlib.compress(row * height) if pixels else zlib.compress(row)[:20]
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bits, color_type, 0, 0, 0))
            + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def jpeg_markers(data: bytes) -> list[int]:
    """The JPEG's segment markers in order, up to the start of the scan (0xDA)."""
    assert data[:2] == b"\xff\xd8"
    markers, at = [], 2
    while at < len(data):
        assert data[at] == 0xFF
        marker = data[at + 1]
        markers.append(marker)
        if marker == 0xDA:
            return markers
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        at += 2 + length
    return markers


def kept(data: bytes, name="photo.jpg") -> Image.Image:
    out, _width, _height = photo_jpeg(photo_upload(data, name=name))
    image = Image.open(io.BytesIO(out))
    image.load()
    return image


# --- refused from the header, before decoding ---------------------------------------------

@pytest.mark.parametrize("bits,color_type", [(16, 2), (16, 6), (16, 0)])
def test_a_16_bit_png_is_refused_from_its_header(bits, color_type):
    # 6000×6000 (under the pixel limit) at 16 bits: the header is enough, the data is cut short.
    with pytest.raises(PhotoRefused, match="more than 8 bits"):
        photo_jpeg(photo_upload(png(6000, 6000, bits=bits, color_type=color_type), "x.png"))


def test_a_16_bit_png_is_refused_even_when_whole():
    with pytest.raises(PhotoRefused, match="more than 8 bits"):
        photo_jpeg(photo_upload(png(64, 48, bits=16, pixels=True), "x.png"))


def test_the_default_pixel_limit_is_what_a_phone_makes():
    assert django_settings.PHOTO_MAX_PIXELS == 40_000_000
    assert Image.MAX_IMAGE_PIXELS == django_settings.PHOTO_MAX_PIXELS  # Pillow's own, the same
    with pytest.raises(PhotoRefused, match="too many pixels"):
        photo_jpeg(photo_upload(png(8000, 5001), "x.png"))  # 40,008,000 px, 8 bits


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_an_animated_image_is_refused(fmt):
    frames = [Image.new("RGB", (40, 30), color) for color in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, fmt, save_all=True, append_images=frames[1:])
    with pytest.raises(PhotoRefused, match="animated"):
        photo_jpeg(photo_upload(out.getvalue(), name=f"x.{fmt.lower()}"))


def test_an_iphone_mpo_is_a_photo_its_first_picture_kept():
    pictures = [Image.new("RGB", (400, 300), "red"), Image.new("RGB", (400, 300), "blue")]
    out = io.BytesIO()
    pictures[0].save(out, "MPO", save_all=True, append_images=pictures[1:])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    image = kept(out.getvalue())
    assert image.size == (400, 300)
    assert image.getpixel((200, 150))[0] > 200  # red: the first picture


def test_a_truncated_8_bit_png_is_not_a_photo():
    with pytest.raises(PhotoRefused, match="not a photo"):
        photo_jpeg(photo_upload(png(2000, 1500), "x.png"))


# --- decoded reduced -----------------------------------------------------------------------

MEASURE = textwrap.dedent("""
    import io, resource, sys
    import django
    from django.conf import settings
    settings.configure(PHOTO_MAX_BYTES=50 * 2**20, PHOTO_MAX_PIXELS=40_000_000,
                       PHOTO_MAX_SIDE=1600, PHOTO_DECODES_AT_ONCE=2,
                       PHOTO_DECODE_WAIT_SECONDS=20, USE_I18N=False)
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from delivery.photo_image import photo_jpeg
    data = sys.stdin.buffer.read()
    upload = SimpleUploadedFile("x.jpg", data)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _out, width, height = photo_jpeg(upload)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(width, height, (after - before) // 1024)
""")


def test_a_big_jpeg_is_decoded_reduced():
    """6000×6000 decoded whole is 144 MB (4 bytes a pixel): decoded at 1/2 (draft), far less."""
    out = io.BytesIO()
    Image.new("RGB", (6000, 6000), (200, 30, 60)).save(out, "JPEG", quality=50)
    run = subprocess.run([sys.executable, "-c", MEASURE], input=out.getvalue(),
                         capture_output=True, check=True, cwd=django_settings.BASE_DIR)
    width, height, grown_mb = map(int, run.stdout.split())
    assert (width, height) == (1600, 1600)
    assert grown_mb < 30, f"the worker grew by {grown_mb} MB"  # 71 MB without draft()


# --- the pixels only -----------------------------------------------------------------------

def test_a_jpeg_keeps_no_comment_no_exif_no_xmp_no_icc():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (40.0, 10.0, 30.0), 3: "E", 4: (44.0, 30.0, 0.0)}  # GPS
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 30, 60)).save(
        source, "JPEG", exif=exif, comment=b"Tumanyan St 5, door code 1234",
        icc_profile=srgb, xmp=b"<x:xmpmeta>lat 40.18</x:xmpmeta>")
    assert {0xFE, 0xE1, 0xE2} <= set(jpeg_markers(source.getvalue()))  # COM, EXIF/XMP, ICC

    out, _width, _height = photo_jpeg(photo_upload(source.getvalue()))

    # SOI is read; then only JFIF (APP0), tables, the frame and the scan.
    assert set(jpeg_markers(out)) <= {0xE0, 0xDB, 0xC0, 0xC2, 0xC4, 0xDD, 0xDA}
    assert b"Tumanyan" not in out and b"PhoneMaker" not in out and b"xmpmeta" not in out
    image = Image.open(io.BytesIO(out))
    assert "comment" not in image.info and "exif" not in image.info
    assert "icc_profile" not in image.info and not dict(image.getexif())


def test_a_png_keeps_no_text_or_exif():
    from PIL.PngImagePlugin import PngInfo

    text = PngInfo()
    text.add_text("Comment", "Tumanyan St 5")
    source = io.BytesIO()
    Image.new("RGB", (300, 200), "red").save(source, "PNG", pnginfo=text)
    out, _width, _height = photo_jpeg(photo_upload(source.getvalue(), "x.png"))
    assert b"Tumanyan" not in out
    assert set(jpeg_markers(out)) <= {0xE0, 0xDB, 0xC0, 0xC2, 0xC4, 0xDD, 0xDA}


def test_a_broken_colour_profile_is_ignored_not_refused():
    source = io.BytesIO()
    Image.new("RGB", (300, 200), "red").save(source, "JPEG", icc_profile=b"not a profile")
    image = kept(source.getvalue())
    assert image.size == (300, 200) and "icc_profile" not in image.info


def test_orientation_is_applied_to_the_pixels_and_not_kept():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    image = kept(photo_bytes(size=(400, 200), exif=exif))
    assert image.size == (200, 400) and 0x0112 not in image.getexif()


# --- refusals are counted ------------------------------------------------------------------

@pytest.fixture
def order(db):
    order = OrderFactory(status=Status.OUT_FOR_DELIVERY)
    BrandPhotoPolicy.objects.create(brand=order.brand, bouquet_photos=True, door_photos=True)
    return order


@pytest.mark.django_db
def test_refused_files_are_counted_and_then_nothing_is_decoded(order, settings):
    settings.PHOTO_REFUSALS_PER_HOUR = 3
    truncated = photo_bytes()[:400]
    for _n in range(3):
        with pytest.raises(PhotoRefused, match="not a photo"):
            photo_attach(order_id=order.pk, kind=Kind.DOOR, upload=photo_upload(truncated),
                         system="courier:7")
    # The fourth is refused before decoding, a good photo as well: the courier waits an hour.
    with pytest.raises(PhotoRefused, match="Too many files were refused"):
        photo_attach(order_id=order.pk, kind=Kind.DOOR, upload=photo_upload(),
                     system="courier:7")
    assert not DeliveryPhoto.objects.exists()
    # Someone else's refusals are their own.
    assert photo_attach(order_id=order.pk, kind=Kind.DOOR, upload=photo_upload(),
                        system="courier:8").pk


@pytest.mark.django_db
def test_a_refused_kind_is_not_a_refused_file(order, settings, operator_user):
    settings.PHOTO_REFUSALS_PER_HOUR = 1
    order.status = Status.CANCELLED
    order.save(update_fields=["status"])
    for _n in range(3):  # said before the file is looked at, and not counted
        with pytest.raises(PhotoRefused, match="no photo"):
            photo_attach(order_id=order.pk, kind=Kind.DOOR, upload=photo_upload(),
                         actor=operator_user)
    order.status = Status.OUT_FOR_DELIVERY
    order.save(update_fields=["status"])
    assert photo_attach(order_id=order.pk, kind=Kind.DOOR, upload=photo_upload(),
                        actor=operator_user).pk


@pytest.mark.django_db
def test_decodes_at_once_are_bounded_and_a_wait_is_not_a_refusal(order, settings):
    from delivery.exceptions import PhotoBusy
    from delivery.photo_image import decode_slot

    assert settings.PHOTO_DECODES_AT_ONCE == 2
    settings.PHOTO_DECODE_WAIT_SECONDS = 0.05
    settings.PHOTO_REFUSALS_PER_HOUR = 1
    with decode_slot(), decode_slot():  # two uploads being decoded in this process
        for _n in range(2):
            with pytest.raises(PhotoBusy, match="Other photos are being processed"):
                photo_attach(order_id=order.pk, kind=Kind.DOOR, upload=photo_upload(),
                             system="courier:7")
    # The slots are free again, and waiting counted as no refusal of the courier's.
    assert photo_attach(order_id=order.pk, kind=Kind.DOOR, upload=photo_upload(),
                        system="courier:7").pk
