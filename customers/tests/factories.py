import factory
from django.utils import timezone

from customers.models import Feedback
from orders.tests.factories import OrderFactory


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    order = factory.SubFactory(OrderFactory)
    brand = factory.LazyAttribute(lambda o: o.order.brand)
    channel = factory.LazyAttribute(lambda o: o.order.channel)
    courier = None
    requested_at = factory.LazyFunction(timezone.now)
    language = "en"
