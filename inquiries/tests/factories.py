import factory

from inquiries.models import CallTopic, Inquiry, ReadyAnswer, Tab, WorkingHours


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inquiry

    tab = Tab.PRODUCT
    channel = "email"
    name = factory.Sequence(lambda n: f"Asker {n}")
    email = factory.Sequence(lambda n: f"asker{n}@example.com")


class ReadyAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadyAnswer

    topic = "delivery"
    title = factory.Sequence(lambda n: f"Answer {n}")
    text_hy = "Բարև {customer_name}"
    text_ru = "Здравствуйте, {customer_name}"
    text_en = "Hello {customer_name}"


class CallTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallTopic

    name = factory.Sequence(lambda n: f"Topic {n}")
    forward_to = ""


def weekday_hours(*periods, days=range(5)):
    """Working hours for the given weekdays (default Monday to Friday)."""
    from datetime import time

    for day in days:
        for start, end in periods:
            WorkingHours.objects.create(weekday=day, start=time.fromisoformat(start),
                                        end=time.fromisoformat(end))
