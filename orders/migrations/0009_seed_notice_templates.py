"""The customer notices as shipped, in hy, ru and en: managers edit them in the admin.
Placeholders: orders.services.messages.PLACEHOLDERS."""

from django.db import migrations

LINK = {
    "en": "Where your order is: {status_url}",
    "ru": "Где ваш заказ: {status_url}",
    "hy": "Որտեղ է ձեր պատվերը՝ {status_url}",
}
HELLO = {"en": "Hello {customer_name},", "ru": "Здравствуйте, {customer_name}!",
         "hy": "Բարև Ձեզ, {customer_name},"}

# kind -> language -> (subject, main text, sms)
NOTICES = {
    "confirmation": {
        "en": ("Your order {order_number} is confirmed",
               "Your order {order_number} is confirmed for delivery on {delivery_date} {delivery_window}.",
               "{brand_name}: order {order_number} confirmed for {delivery_date} {delivery_window}. {status_url}"),
        "ru": ("Ваш заказ {order_number} подтверждён",
               "Ваш заказ {order_number} подтверждён, доставка {delivery_date} {delivery_window}.",
               "{brand_name}: заказ {order_number} подтверждён на {delivery_date} {delivery_window}. {status_url}"),
        "hy": ("Ձեր {order_number} պատվերը հաստատված է",
               "Ձեր {order_number} պատվերը հաստատված է, առաքումը՝ {delivery_date} {delivery_window}։",
               "{brand_name}: {order_number} պատվերը հաստատված է՝ {delivery_date} {delivery_window}։ {status_url}"),
    },
    "not_reached": {
        "en": ("We could not reach you about order {order_number}",
               "We called you about order {order_number} but could not reach you. Please call us back or answer this e-mail to confirm your order.",
               "{brand_name}: we could not reach you about order {order_number}. Please call us back."),
        "ru": ("Мы не смогли дозвониться по заказу {order_number}",
               "Мы звонили вам по заказу {order_number}, но не дозвонились. Перезвоните нам или ответьте на это письмо, чтобы подтвердить заказ.",
               "{brand_name}: не смогли дозвониться по заказу {order_number}. Перезвоните нам, пожалуйста."),
        "hy": ("Չկարողացանք կապվել Ձեզ հետ {order_number} պատվերի վերաբերյալ",
               "Զանգահարել ենք Ձեզ {order_number} պատվերի վերաբերյալ, բայց չենք կարողացել կապվել։ Խնդրում ենք հետ զանգել կամ պատասխանել այս նամակին՝ պատվերը հաստատելու համար։",
               "{brand_name}: չկարողացանք կապվել Ձեզ հետ {order_number} պատվերի վերաբերյալ։ Խնդրում ենք հետ զանգել։"),
    },
    "changed": {
        "en": ("Your order {order_number} has changed",
               "Your order {order_number} has been changed. Delivery: {delivery_date} {delivery_window}.", ""),
        "ru": ("Ваш заказ {order_number} изменён",
               "Ваш заказ {order_number} изменён. Доставка: {delivery_date} {delivery_window}.", ""),
        "hy": ("Ձեր {order_number} պատվերը փոփոխվել է",
               "Ձեր {order_number} պատվերը փոփոխվել է։ Առաքում՝ {delivery_date} {delivery_window}։", ""),
    },
    "tracking": {
        "en": ("Tracking number for order {order_number}",
               "Your order {order_number} has been handed to the post. Tracking number: {tracking_number}.",
               "{brand_name}: order {order_number} is with the post, tracking {tracking_number}. {status_url}"),
        "ru": ("Трек-номер заказа {order_number}",
               "Ваш заказ {order_number} передан в службу доставки. Трек-номер: {tracking_number}.",
               "{brand_name}: заказ {order_number} передан в доставку, трек {tracking_number}. {status_url}"),
        "hy": ("{order_number} պատվերի հետագծման համարը",
               "Ձեր {order_number} պատվերը հանձնվել է փոստին։ Հետագծման համար՝ {tracking_number}։",
               "{brand_name}: {order_number} պատվերը փոստում է, համարը՝ {tracking_number}։ {status_url}"),
    },
    "on_the_way": {
        "en": ("Order {order_number} is on its way",
               "Your order {order_number} has left with the courier and arrives {delivery_date} {delivery_window}.",
               "{brand_name}: order {order_number} is on its way. {status_url}"),
        "ru": ("Заказ {order_number} в пути",
               "Ваш заказ {order_number} передан курьеру и прибудет {delivery_date} {delivery_window}.",
               "{brand_name}: заказ {order_number} в пути. {status_url}"),
        "hy": ("{order_number} պատվերը ճանապարհին է",
               "Ձեր {order_number} պատվերը հանձնվել է առաքիչին և կհասնի {delivery_date} {delivery_window}։",
               "{brand_name}: {order_number} պատվերը ճանապարհին է։ {status_url}"),
    },
    "delivered": {
        "en": ("Order {order_number} is delivered", "Your order {order_number} has been delivered. Thank you!",
               "{brand_name}: order {order_number} is delivered. Thank you!"),
        "ru": ("Заказ {order_number} доставлен", "Ваш заказ {order_number} доставлен. Спасибо!",
               "{brand_name}: заказ {order_number} доставлен. Спасибо!"),
        "hy": ("{order_number} պատվերը առաքված է", "Ձեր {order_number} պատվերը առաքված է։ Շնորհակալություն։",
               "{brand_name}: {order_number} պատվերը առաքված է։ Շնորհակալություն։"),
    },
    "delivery_failed": {
        "en": ("We could not deliver order {order_number}",
               "We could not deliver your order {order_number}. We will call you to arrange a new delivery.",
               "{brand_name}: we could not deliver order {order_number}. We will call you."),
        "ru": ("Не удалось доставить заказ {order_number}",
               "Нам не удалось доставить ваш заказ {order_number}. Мы позвоним вам, чтобы договориться о новой доставке.",
               "{brand_name}: не удалось доставить заказ {order_number}. Мы вам позвоним."),
        "hy": ("Չհաջողվեց առաքել {order_number} պատվերը",
               "Չհաջողվեց առաքել Ձեր {order_number} պատվերը։ Մենք կզանգահարենք Ձեզ՝ նոր առաքում պայմանավորվելու համար։",
               "{brand_name}: չհաջողվեց առաքել {order_number} պատվերը։ Մենք կզանգահարենք։"),
    },
    "parcel_moved": {
        "en": ("News of your parcel, order {order_number}",
               "There is news of your parcel, order {order_number} (tracking number {tracking_number}).", ""),
        "ru": ("Новости о посылке, заказ {order_number}",
               "Есть новости о вашей посылке, заказ {order_number} (трек-номер {tracking_number}).", ""),
        "hy": ("Նորություն Ձեր ծանրոցի մասին, պատվեր {order_number}",
               "Նորություն կա Ձեր ծանրոցի մասին, պատվեր {order_number} (հետագծման համար՝ {tracking_number})։", ""),
    },
    "parcel_waiting": {
        "en": ("Order {order_number} waits for you at the post office",
               "Your parcel, order {order_number}, waits for you at the post office (tracking number {tracking_number}).",
               "{brand_name}: parcel {order_number} waits at the post office, {tracking_number}."),
        "ru": ("Заказ {order_number} ждёт вас на почте",
               "Ваша посылка, заказ {order_number}, ждёт вас на почте (трек-номер {tracking_number}).",
               "{brand_name}: посылка {order_number} ждёт на почте, {tracking_number}."),
        "hy": ("{order_number} պատվերը սպասում է Ձեզ փոստային բաժանմունքում",
               "Ձեր ծանրոցը՝ պատվեր {order_number}, սպասում է Ձեզ փոստային բաժանմունքում (հետագծման համար՝ {tracking_number})։",
               "{brand_name}: {order_number} ծանրոցը սպասում է փոստում, {tracking_number}։"),
    },
    "control_resolved": {
        "en": ("About the delivery of order {order_number}", "About the delivery of your order {order_number}:", ""),
        "ru": ("О доставке заказа {order_number}", "О доставке вашего заказа {order_number}:", ""),
        "hy": ("{order_number} պատվերի առաքման մասին", "Ձեր {order_number} պատվերի առաքման մասին՝", ""),
    },
    "feedback": {
        "en": ("How was order {order_number}?",
               "Thank you for order {order_number}. How did we do? One click rates us:\n{rating_links}",
               "{brand_name}: how was order {order_number}? Rate us: {status_url}"),
        "ru": ("Как прошёл заказ {order_number}?",
               "Спасибо за заказ {order_number}. Как мы справились? Оцените одним нажатием:\n{rating_links}",
               "{brand_name}: как прошёл заказ {order_number}? Оцените нас: {status_url}"),
        "hy": ("Ինչպե՞ս էր {order_number} պատվերը",
               "Շնորհակալություն {order_number} պատվերի համար։ Ինչպե՞ս աշխատեցինք։ Գնահատեք մեկ սեղմումով՝\n{rating_links}",
               "{brand_name}: ինչպե՞ս էր {order_number} պատվերը։ Գնահատեք՝ {status_url}"),
    },
}


def seed(apps, schema_editor):
    NoticeTemplate = apps.get_model("orders", "NoticeTemplate")
    for kind, languages in NOTICES.items():
        for language, (subject, text, sms) in languages.items():
            body = (f"{HELLO[language]}\n\n{text}\n\n{{customer_message}}\n\n"
                    f"{{order_details}}\n\n{LINK[language]}\n\n{{brand_name}}\n")
            NoticeTemplate.objects.update_or_create(
                kind=kind, language=language,
                defaults={"subject": subject, "body": body, "sms": sms})


def unseed(apps, schema_editor):
    apps.get_model("orders", "NoticeTemplate").objects.filter(kind__in=list(NOTICES)).delete()


class Migration(migrations.Migration):
    dependencies = [("orders", "0008_notice_templates")]
    operations = [migrations.RunPython(seed, unseed)]
