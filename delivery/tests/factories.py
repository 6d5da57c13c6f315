import factory

from delivery.models import Courier


class CourierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Courier

    name = factory.Sequence(lambda n: f"Courier {n}")
    kind = Courier.Kind.OWN
    phone = factory.Sequence(lambda n: f"+3749155{n % 10000:04d}")
