import factory

from delivery.models import Courier


class CourierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Courier

    name = factory.Sequence(lambda n: f"Courier {n}")
    kind = Courier.Kind.OWN
    phone = factory.Sequence(lambda n: f"+3749155{n % 10000:04d}")


# --- photos ---
def photo_bytes(size=(800, 600), fmt="JPEG", exif=None, color=(200, 30, 60)) -> bytes:
    """A real image file in memory (JPEG by default), with the EXIF given."""
    import io

    from PIL import Image

    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def photo_upload(data: bytes | None = None, name="photo.jpg", content_type="image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data if data is not None else photo_bytes(),
                              content_type=content_type)


# --- track ---
class CarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "delivery.Carrier"

    name = factory.Sequence(lambda n: f"Carrier {n}")
    tracking_url_template = "https://track.example/{number}"
    api_kind = "none"
