"""The label sets of the storefront e-mails (FORMATS.md, section 1) and the layout of the sample
partner abroad (section 3), shipped as editable data."""

from django.db import migrations

FIELDS = [  # field, English, Russian, Armenian
    ("site_number", "Order", "Заказ", "Պատվեր"),
    ("placed_at", "Date", "Дата", "Ամսաթիվ"),
    ("customer_name", "Customer", "Заказчик", "Պատվիրատու"),
    ("customer_phone", "Phone", "Телефон", "Հեռախոս"),
    ("customer_email", "Email", "Эл. почта", "Էլ. փոստ"),
    ("recipient_name", "Recipient", "Получатель", "Ստացող"),
    ("recipient_phone", "Recipient phone", "Телефон получателя", "Ստացողի հեռախոս"),
    ("address", "Address", "Адрес", "Հասցե"),
    ("delivery_date", "Delivery date", "Дата доставки", "Առաքման ամսաթիվ"),
    ("delivery_window", "Delivery time", "Время доставки", "Առաքման ժամ"),
    ("card_message", "Card message", "Текст открытки", "Բացիկի տեքստ"),
    ("anonymous", "Anonymous", "Анонимно", "Անանուն"),
    ("payment", "Payment", "Оплата", "Վճարում"),
    ("paid", "Paid", "Оплачено", "Վճարված"),
    ("promo_code", "Promo code", "Промокод", "Պրոմո կոդ"),
    ("comment", "Comment", "Комментарий", "Մեկնաբանություն"),
    ("items", "Items", "Товары", "Ապրանքներ"),
    ("subtotal", "Subtotal", "Подытог", "Միջանկյալ գումար"),
    ("delivery_fee", "Delivery", "Доставка", "Առաքում"),
    ("discount", "Discount", "Скидка", "Զեղչ"),
    ("total", "Total", "Итого", "Ընդհանուր"),
]
VALUES = {
    "en": {"yes": ["yes"], "no": ["no"], "card": ["card"], "cash": ["cash"],
           "bank_transfer": ["bank transfer"], "idram": ["idram"]},
    "ru": {"yes": ["да"], "no": ["нет"], "card": ["карта"], "cash": ["наличные"],
           "bank_transfer": ["банковский перевод"], "idram": ["idram"]},
    "hy": {"yes": ["այո"], "no": ["ոչ"], "card": ["քարտ"], "cash": ["կանխիկ"],
           "bank_transfer": ["բանկային փոխանցում"], "idram": ["idram"]},
}
SUBJECTS = {"en": "New order", "ru": "Новый заказ", "hy": "Նոր պատվեր"}
COLUMN = {"en": 1, "ru": 2, "hy": 3}

WORLDWIDE = {
    "partner_order_id": "Partner order no", "sender_name": "Sender name",
    "sender_email": "Sender email", "sender_phone": "Sender phone",
    "recipient_name": "Recipient name", "recipient_phone": "Recipient phone",
    "address": "Delivery address", "delivery_date": "Delivery date",
    "delivery_window": "Delivery time", "product": "Product", "product_code": "Product code",
    "quantity": "Quantity", "amount": "Amount", "card_message": "Card message",
    "instructions": "Instructions",
}


def forwards(apps, schema_editor):
    LabelSet = apps.get_model("channels_intake", "LabelSet")
    PartnerLayout = apps.get_model("channels_intake", "PartnerLayout")
    for language, column in COLUMN.items():
        LabelSet.objects.get_or_create(
            name=f"storefront-{language}",
            defaults={"language": language,
                      "labels": {row[0]: row[column] for row in FIELDS},
                      "values": VALUES[language], "order_subject": SUBJECTS[language],
                      # The storefront writes "Pre Order" in every language.
                      "preorder_subject": "Pre Order"},
        )
    PartnerLayout.objects.get_or_create(
        name="worldwide-flowers",
        defaults={"partner_code": "worldwide", "sender_contains": "worldwide-flowers",
                  "subject_pattern": r"Partner order (?P<ref>\S+)", "labels": WORLDWIDE,
                  "default_currency": "USD"},
    )


def backwards(apps, schema_editor):
    apps.get_model("channels_intake", "LabelSet").objects.filter(
        name__in=[f"storefront-{language}" for language in COLUMN]).delete()
    apps.get_model("channels_intake", "PartnerLayout").objects.filter(
        name="worldwide-flowers").delete()


class Migration(migrations.Migration):
    dependencies = [("channels_intake", "0003_email_intake")]
    operations = [migrations.RunPython(forwards, backwards)]
