from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from orders.models import Brand, Channel, Customer, Order, OrderLine
from orders.normalized import Item, NormalizedOrder, Party


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand
        django_get_or_create = ("code",)

    code = "flowers"
    name = factory.LazyAttribute(lambda o: f"RG {o.code.title()}")
    email = factory.LazyAttribute(lambda o: f"orders@rg{o.code}.am")


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    phone = factory.Sequence(lambda n: f"+3749100{n % 10000:04d}")
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"customer{n}@example.am")
    language = "en"


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    brand = factory.SubFactory(BrandFactory)
    channel = Channel.PHONE_1
    customer = factory.SubFactory(CustomerFactory)
    recipient_name = factory.Faker("name")
    recipient_phone = factory.Sequence(lambda n: f"+3749300{n % 10000:04d}")
    recipient_address = "Yerevan, Abovyan 12"
    delivery_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=1))
    subtotal = Decimal("10000.00")
    total = Decimal("10000.00")


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    product = None
    name = "Something"
    quantity = 1
    unit_price = Decimal("10000.00")


def normalized_order(**overrides) -> NormalizedOrder:
    """A valid website order as a channel would hand it to intake; override any field."""
    values = {
        "channel": Channel.WEBSITE,
        "brand": "flowers",
        "site_number": "10234",
        "customer": Party(name="Ani Petrosyan", phone="+374 91 123456", email="ani@example.am",
                          language="en"),
        "recipient": Party(name="Mariam Sargsyan", phone="093 55 44 33",
                           address="Yerevan, Tumanyan 8"),
        "items": (Item(sku="FB-ROSE-25", quantity=1, unit_price="25000"),),
        "delivery_date": (timezone.localdate() + timedelta(days=2)).isoformat(),
        "window": "10:00-13:00",
        "payment_method": "card",
        "is_paid": True,
        "total": "25000",
    }
    values.update(overrides)
    return NormalizedOrder(**values)
