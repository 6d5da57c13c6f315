"""Demo data of the inquiries desk: working hours, call topics, ready answers in hy/ru/en.
Idempotent (called by desk.demo.seed)."""

from __future__ import annotations

from datetime import time

from .models import CallTopic, ReadyAnswer, WorkingHours

HOURS = [(day, time(9), time(13)) for day in range(6)] + \
        [(day, time(14), time(19)) for day in range(6)] + [(6, time(10), time(16))]

CALL_TOPICS = [
    ("Order or price question", ""),  # sales: answered here, on the clock
    ("Complaint about a courier", "quality@rg.example"),
    ("Job application", "hr@rg.example"),
    ("Supplier or partnership offer", "purchasing@rg.example"),
    ("Invoice or payment for a company", "accounting@rg.example"),
]

ANSWERS = [
    ("delivery", "When will it arrive",
     "Հարգելի {customer_name}, Ձեր {order_number} պատվերը կառաքվի {delivery_date}։",
     "Здравствуйте, {customer_name}! Ваш заказ {order_number} будет доставлен {delivery_date}.",
     "Dear {customer_name}, your order {order_number} will be delivered on {delivery_date}."),
    ("delivery", "Where is my order",
     "Հարգելի {customer_name}, Ձեր պատվերին կարող եք հետևել այստեղ՝ {tracking_url}",
     "Здравствуйте, {customer_name}! Следить за заказом можно здесь: {tracking_url}",
     "Dear {customer_name}, you can follow your order here: {tracking_url}"),
    ("products", "Seasonal flowers",
     "Բարև Ձեզ, {customer_name}։ Սեզոնային ծաղիկների առկայությունը ստուգում ենք և կպատասխանենք "
     "մինչև օրվա վերջ։",
     "Здравствуйте, {customer_name}! Мы проверим наличие сезонных цветов и ответим до конца дня.",
     "Hello {customer_name}, we are checking the seasonal flowers and will answer by the end "
     "of the day."),
    ("payment", "Payment received",
     "Շնորհակալություն, {customer_name}։ {order_number} պատվերի վճարումը ստացել ենք։",
     "Спасибо, {customer_name}! Оплата заказа {order_number} получена.",
     "Thank you, {customer_name}: we have received the payment for order {order_number}."),
]


def inquiries_demo_seed() -> None:
    if not WorkingHours.objects.exists():
        WorkingHours.objects.bulk_create(
            [WorkingHours(weekday=day, start=start, end=end) for day, start, end in HOURS])
    for name, forward_to in CALL_TOPICS:
        CallTopic.objects.get_or_create(name=name, defaults={"forward_to": forward_to})
    for topic, title, hy, ru, en in ANSWERS:
        ReadyAnswer.objects.get_or_create(topic=topic, title=title, defaults={
            "text_hy": hy, "text_ru": ru, "text_en": en})
