import factory

from channels_intake.models import Source
from orders.models import Partner
from orders.tests.factories import BrandFactory


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"partner-{n}")
    name = factory.Sequence(lambda n: f"Partner {n}")
    brand = factory.SubFactory(BrandFactory)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"source-{n}")
    kind = Source.Kind.MANUAL


def partner_key(partner=None, *, name: str = "test"):
    """A partner and a fresh API key for it: (partner, key)."""
    from channels_intake.models import PartnerAPIKey

    partner = partner or PartnerFactory()
    _row, key = PartnerAPIKey.objects.create_key(partner=partner, name=name)
    return partner, key
