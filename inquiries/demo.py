"""Demo data of the inquiries desk: working hours, call topics and ready answers, each in
hy/ru/en (the titles and topics too: people read them in their language). Idempotent (called
by desk.demo.seed)."""

from __future__ import annotations

from datetime import time

from .models import CallTopic, ReadyAnswer, WorkingHours

HOURS = [(day, time(9), time(13)) for day in range(6)] + \
        [(day, time(14), time(19)) for day in range(6)] + [(6, time(10), time(16))]

CALL_TOPICS = [  # (en, ru, hy), forwarding address
    (("Order or price question", "Вопрос о заказе или цене", "Հարց պատվերի կամ գնի մասին"),
     ""),  # sales: answered here, on the clock
    (("Complaint about a courier", "Жалоба на курьера", "Բողոք առաքիչի մասին"),
     "quality@rg.example"),
    (("Job application", "Отклик на вакансию", "Աշխատանքի դիմում"), "hr@rg.example"),
    (("Supplier or partnership offer", "Предложение поставщика или партнёра",
      "Մատակարարի կամ գործընկերության առաջարկ"), "purchasing@rg.example"),
    (("Invoice or payment for a company", "Счёт или оплата для компании",
      "Հաշիվ կամ վճարում ընկերության համար"), "accounting@rg.example"),
]

DELIVERY = ("delivery", "доставка", "առաքում")
PRODUCTS = ("products", "товары", "ապրանքներ")
PAYMENT = ("payment", "оплата", "վճարում")
ANSWERS = [
    (DELIVERY, ("When will it arrive", "Когда привезут", "Երբ կառաքվի"),
     "Հարգելի {customer_name}, Ձեր {order_number} պատվերը կառաքվի {delivery_date}։",
     "Здравствуйте, {customer_name}! Ваш заказ {order_number} будет доставлен {delivery_date}.",
     "Dear {customer_name}, your order {order_number} will be delivered on {delivery_date}."),
    (DELIVERY, ("Where is my order", "Где мой заказ", "Որտեղ է իմ պատվերը"),
     "Հարգելի {customer_name}, Ձեր պատվերին կարող եք հետևել այստեղ՝ {tracking_url}",
     "Здравствуйте, {customer_name}! Следить за заказом можно здесь: {tracking_url}",
     "Dear {customer_name}, you can follow your order here: {tracking_url}"),
    (PRODUCTS, ("Seasonal flowers", "Сезонные цветы", "Սեզոնային ծաղիկներ"),
     "Բարև Ձեզ, {customer_name}։ Սեզոնային ծաղիկների առկայությունը ստուգում ենք և կպատասխանենք "
     "մինչև օրվա վերջ։",
     "Здравствуйте, {customer_name}! Мы проверим наличие сезонных цветов и ответим до конца дня.",
     "Hello {customer_name}, we are checking the seasonal flowers and will answer by the end "
     "of the day."),
    (PAYMENT, ("Payment received", "Оплата получена", "Վճարումը ստացվել է"),
     "Շնորհակալություն, {customer_name}։ {order_number} պատվերի վճարումը ստացել ենք։",
     "Спасибо, {customer_name}! Оплата заказа {order_number} получена.",
     "Thank you, {customer_name}: we have received the payment for order {order_number}."),
]


def inquiries_demo_seed() -> None:
    if not WorkingHours.objects.exists():
        WorkingHours.objects.bulk_create(
            [WorkingHours(weekday=day, start=start, end=end) for day, start, end in HOURS])
    for names, forward_to in CALL_TOPICS:
        topic, _ = CallTopic.objects.get_or_create(name_en=names[0], defaults={
            "forward_to": forward_to})
        _in_three_languages(topic, name=names)
    for topics, titles, hy, ru, en in ANSWERS:
        answer, _ = ReadyAnswer.objects.get_or_create(topic_en=topics[0], title_en=titles[0],
                                                      defaults={"text_hy": hy, "text_ru": ru,
                                                                "text_en": en})
        _in_three_languages(answer, topic=topics, title=titles)


def _in_three_languages(row, **texts: tuple[str, str, str]) -> None:
    """(en, ru, hy) texts on a row, also on one an earlier, English-only seed made."""
    for field, (en, ru, hy) in texts.items():
        for language, text in (("en", en), ("ru", ru), ("hy", hy)):
            setattr(row, f"{field}_{language}", text)
    row.save()
