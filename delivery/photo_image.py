"""A photo as sent, turned into what the desk keeps: a JPEG of at most PHOTO_MAX_SIDE px,
upright, made of its pixels only.

Decoding is where an upload costs memory (issue 17: a 381 KB 16-bit PNG of 7000×7000 took a
worker from 139 to 793 MB), so everything that can be refused is refused from the file's
header, before a pixel is decoded: what is not a JPEG, PNG or WebP, more than PHOTO_MAX_PIXELS
(what a phone camera makes), more than 8 bits per channel, more than one frame. A JPEG is then
decoded straight at 1/2, 1/4 or 1/8 of its size (`draft`), anything else reduced as soon as it
is decoded (`thumbnail`), so a decode never holds more than one full-size 8-bit image; and no
more than PHOTO_DECODES_AT_ONCE decodes run at once in a process (a gthread worker serves
several requests together: six uploads at once added 1.2 GB), the others wait their turn.

What is kept is the pixels and nothing else: no EXIF (where the photo was taken: the
recipient's door), no comment, no XMP, no ICC profile. The orientation is applied to the
pixels; a photo in another colour space (an iPhone's Display P3) is converted to sRGB first,
so it keeps its colours without carrying its profile."""

from __future__ import annotations

import io
import math
import struct
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .exceptions import PhotoBusy, PhotoRefused

# What Pillow may open: the formats phones and cameras send (MPO: an iPhone's JPEG, whose
# second picture is a preview or a depth map; only the first is read).
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}
# 8 bits per channel, in every layout those formats have. 16-bit and floating-point modes
# ("I;16", "I", "F") are refused: they cost two to four times the memory for nothing a photo
# of flowers needs.
ACCEPTED_MODES = {"1", "L", "LA", "P", "PA", "RGB", "RGBA", "CMYK", "YCbCr"}
JPEG_QUALITY = 85
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


_decoding = threading.BoundedSemaphore(settings.PHOTO_DECODES_AT_ONCE)


@contextmanager
def decode_slot() -> Iterator[None]:
    """One of the process's PHOTO_DECODES_AT_ONCE decoding slots, waited for at most
    PHOTO_DECODE_WAIT_SECONDS (then PhotoBusy)."""
    if not _decoding.acquire(timeout=settings.PHOTO_DECODE_WAIT_SECONDS):
        raise PhotoBusy(_("Other photos are being processed: send this one again in a minute."))
    try:
        yield
    finally:
        _decoding.release()


def photo_jpeg(upload) -> tuple[bytes, int, int]:
    """The upload (a Django File) as the JPEG the desk keeps, with its width and height.
    Raises PhotoRefused for what is not a photo, too big, or too costly to decode."""
    size = getattr(upload, "size", None)
    if size is None or size > settings.PHOTO_MAX_BYTES:
        raise PhotoRefused(_("The photo is too big (at most %(mb)s MB).")
                           % {"mb": settings.PHOTO_MAX_BYTES // 2**20})
    not_a_photo = PhotoRefused(_("This file is not a photo (JPEG, PNG or WebP)."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as probe:
                _refuse_costly(probe, not_a_photo, _png_bit_depth(upload))
                probe.verify()
            upload.seek(0)
            with decode_slot(), Image.open(upload) as image:
                side = settings.PHOTO_MAX_SIDE
                # A JPEG is decoded at the smallest DCT scale still larger than what is kept;
                # anything else is reduced in place as soon as it is decoded.
                image.draft(None, _kept_size(image.size, side))
                image.thumbnail((side, side), Image.Resampling.LANCZOS)
                upright = ImageOps.exif_transpose(image)
                pixels = _srgb(upright, image.info.get("icc_profile"))
    except PhotoRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise not_a_photo from None
    return _pixels_only(pixels), pixels.width, pixels.height


def _refuse_costly(probe: Image.Image, not_a_photo: PhotoRefused, png_bits: int | None) -> None:
    """Everything refused from the header alone (Image.open reads no pixel)."""
    if probe.format not in ACCEPTED_FORMATS:
        raise not_a_photo
    if probe.width * probe.height > settings.PHOTO_MAX_PIXELS:
        raise _too_many_pixels()
    if probe.mode not in ACCEPTED_MODES or (png_bits or 8) > 8:
        raise PhotoRefused(_("The photo has more than 8 bits per colour: save it as an "
                             "ordinary JPEG."))
    if probe.format != "MPO" and getattr(probe, "n_frames", 1) > 1:
        raise PhotoRefused(_("The photo is animated: send a still photo."))


def _too_many_pixels() -> PhotoRefused:
    return PhotoRefused(_("The photo has too many pixels (at most %(mpx)s megapixels).")
                        % {"mpx": round(settings.PHOTO_MAX_PIXELS / 1_000_000, 1)})


def _kept_size(size: tuple[int, int], side: int) -> tuple[int, int]:
    """The size kept: the longest side at most `side`, the proportions unchanged."""
    width, height = size
    scale = min(1.0, side / max(width, height))
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


def _png_bit_depth(upload) -> int | None:
    """A PNG's bits per channel, from its IHDR chunk (a 16-bit RGB PNG opens in Pillow as
    mode "RGB" like an 8-bit one: only the header tells them apart). None for other formats."""
    upload.seek(0)
    head = upload.read(33)
    if head[:8] != _PNG_SIGNATURE or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">B", head[24:25])[0]


def _srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """The pixels as RGB in sRGB: a photo with a colour profile is converted with it (so a
    Display P3 photo keeps its colours once the profile is dropped); a broken profile is
    ignored, as a browser would."""
    rgb = image.convert("RGB")
    if not icc_profile:
        return rgb
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        return ImageCms.profileToProfile(rgb, source, _SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return rgb


def _pixels_only(image: Image.Image) -> bytes:
    """JPEG-encoded pixels and nothing else. Pillow writes an image's `info` back (a JPEG's
    comment and ICC profile survived re-encoding, issue 17), so the image is saved from a
    copy whose info is empty; no exif= either."""
    bare = image.copy()
    bare.info = {}
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()
