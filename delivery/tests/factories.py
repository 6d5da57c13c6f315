import factory

from delivery.models import Courier


class CourierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Courier

    name = factory.Sequence(lambda n: f"Courier {n}")
    kind = Courier.Kind.OWN
    phone = factory.Sequence(lambda n: f"+3749155{n % 10000:04d}")


# --- track ---
class CarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "delivery.Carrier"

    name = factory.Sequence(lambda n: f"Carrier {n}")
    tracking_url_template = "https://track.example/{number}"
    api_kind = "none"
