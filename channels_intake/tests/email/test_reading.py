"""Real mail varies: charsets, transfer encodings, HTML only, forwarded by a person, attachments,
auto-replies and newsletters. Each gives exactly one outcome, with a reason a person reads."""

from datetime import timedelta
from email.message import EmailMessage

import pytest
from django.utils import timezone

from channels_intake.models import InboundState, LabelSet
from channels_intake.services.inbound import inbound_ingest
from channels_intake.services.store import inbound_store
from orders.models import Lead, Order

from .conftest import SAMPLES
from .mails import BODY_EN, delivery_day, website_mail

BODY_RU = """\
Заказ: {number}
Заказчик: Игорь Смирнов
Телефон: 091-12-34-56
Получатель: Ольга Смирнова
Телефон получателя: 093 55 44 33
Адрес: Ереван, ул. Туманяна 5, кв. 12
Дата доставки: {delivery_date}
Время доставки: 10:00-13:00
Анонимно: нет
Оплата: наличные
Оплачено: нет

Товары:
SW-STRAW-16 | Клубника в шоколаде, 16 шт | 1 x 12 900 AMD

Подытог: 12 900 AMD
Доставка: 1 000 AMD
Итого: 13 900 AMD
"""


def _one(source, raw):
    [stored] = inbound_ingest(source=source, messages=[(raw, "test")])
    return stored.message


@pytest.mark.parametrize("charset,cte", [("windows-1251", "quoted-printable"),
                                         ("koi8-r", "base64"), ("utf-8", "8bit"),
                                         ("windows-1251", "8bit")])
def test_russian_in_any_charset_and_encoding(mail_source, brands, charset, cte):
    message = _one(mail_source, website_mail(30001, body=BODY_RU, charset=charset, cte=cte,
                                             brand="RG Sweets", sender="orders@sweets.rg.example",
                                             subject="[RG Sweets] Новый заказ #30001"))
    assert message.state == InboundState.ORDER, message.reason
    assert message.subject == "[RG Sweets] Новый заказ #30001"  # RFC 2047 decoded
    order = message.order
    assert (order.brand.code, order.total, order.payment_method, order.is_paid) == (
        "sweets", 13900, "cash", False)
    assert order.recipient_address == "Ереван, ул. Туманяна 5, кв. 12"


def test_undeclared_charset_is_guessed(mail_source, brands):
    raw = website_mail(30002, body=BODY_RU, charset="windows-1251", cte="8bit", html=False,
                       brand="RG Sweets", sender="orders@sweets.rg.example")
    raw = raw.replace(b'; charset="windows-1251"', b"").replace(b"; charset=windows-1251", b"")
    message = _one(mail_source, raw)
    assert message.state == InboundState.ORDER, message.reason
    assert message.order.customer.name == "Игорь Смирнов"


def test_html_only_crlf(mail_source, brands):
    raw = website_mail(30003, html_only=True).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    message = _one(mail_source, raw)
    assert message.state == InboundState.ORDER, message.reason
    assert message.order.lines.count() == 2 and message.order.total == 25500


def test_forwarded_inline_by_a_person(mail_source, brands):
    original = BODY_EN.format(number=30004, delivery_date=delivery_day())
    body = ("Hi, this one came to my own box, please take it.\n\n"
            "---------- Forwarded message ---------\n"
            "From: RG Flowers <orders@flowers.rg.example>\n"
            "Date: Sat, 21 Nov 2026 at 09:00\n"
            "Subject: [RG Flowers] New order #30004\n"
            "To: <manager@rg.example>\n\n" + "\n".join("> " + line for line in original.split("\n")))
    message = EmailMessage()
    message["Subject"], message["From"] = "Fwd: [RG Flowers] New order #30004", "Mariam <m@rg.example>"
    message.set_content(body)
    stored = _one(mail_source, message.as_bytes())
    assert stored.state == InboundState.ORDER, stored.reason
    assert stored.order.site_number == "30004" and stored.order.brand.code == "flowers"


def test_forwarded_as_attachment_with_a_photo(mail_source, brands):
    message = EmailMessage()
    message["Subject"], message["From"] = "Fwd: order", "Mariam <m@rg.example>"
    message.set_content("See attached.")
    inner = EmailMessage()
    inner_raw = website_mail(30005)
    from email import message_from_bytes, policy
    inner = message_from_bytes(inner_raw, policy=policy.default)
    message.add_attachment(inner)
    message.add_attachment(b"\x89PNG" + bytes(300_000), maintype="image", subtype="png",
                           filename="photo.png")
    stored = _one(mail_source, message.as_bytes())
    assert stored.state == InboundState.ORDER, stored.reason
    assert stored.order.site_number == "30005"


@pytest.mark.parametrize("headers,reason", [
    ({"Auto-Submitted": "auto-replied"}, "automatic reply"),
    ({"Subject": "Out of office: back Monday"}, "automatic"),
    ({"From": "MAILER-DAEMON@mx.example"}, "bounce"),
    ({"List-Unsubscribe": "<mailto:unsub@shop.example>", "Subject": "Winter sale!"}, "newsletter"),
])
def test_automatic_mail_is_ignored_with_a_reason(mail_source, headers, reason):
    """Only automatic mail: a person's message that is not an order goes to the inquiries
    (channels_intake/tests/email/test_people.py)."""
    message = EmailMessage()
    message["Subject"] = headers.pop("Subject", "Re: hello")
    message["From"] = headers.pop("From", "friend@example.com")
    for name, value in headers.items():
        message[name] = value
    message.set_content("Just some words.")
    stored = _one(mail_source, message.as_bytes())
    assert stored.state == InboundState.IGNORED and reason in stored.reason


@pytest.mark.parametrize("mutate,reason", [
    (lambda raw: raw.replace(delivery_day().encode(), b"31.02.2026"),
     "delivery date 31.02.2026 is not a date"),
    (lambda raw: raw.replace(b"Items:", b"Things:"), "no Items block"),
    (lambda raw: raw.replace(b"Recipient: Mariam Hakobyan", b"Recipient:"), "recipient"),
])
def test_broken_orders_wait_for_a_person_with_the_reason(mail_source, brands, mutate, reason):
    stored = _one(mail_source, mutate(website_mail(30006, html=False, cte="8bit")))
    assert stored.state == InboundState.REVIEW
    assert reason in stored.reason
    assert Order.objects.count() == 0


def test_unknown_partner_layout_goes_to_review(mail_source, brands):
    message = EmailMessage()
    message["Subject"], message["From"] = "Order 7781 for Yerevan", "ops@some-relay.example"
    message.set_content("Deliver: tulips\nTo: Ani, Yerevan\nWhen: tomorrow")
    stored = _one(mail_source, message.as_bytes())
    assert stored.state == InboundState.REVIEW and "unknown partner layout" in stored.reason


def test_a_passed_delivery_date_is_not_a_reason_for_review(mail_source, brands):
    last_week = (timezone.localdate() - timedelta(days=7)).isoformat()
    stored = _one(mail_source, website_mail(30007, delivery_date=last_week))
    assert stored.state == InboundState.ORDER, stored.reason


def test_same_order_resent_with_a_new_message_id_is_a_duplicate(mail_source, brands):
    first = _one(mail_source, website_mail(30008))
    again = _one(mail_source, website_mail(30008))
    assert again.state == InboundState.DUPLICATE
    assert again.order == first.order and again.duplicate_of == first
    assert Order.objects.count() == 1


def test_same_message_again_and_without_message_id(mail_source, brands):
    raw = website_mail(30009, message_id=None)
    assert inbound_store(source=mail_source, raw=raw).is_new
    again = inbound_store(source=mail_source, raw=raw)
    assert not again.is_new and again.message.dedup_key.startswith("sha256:")


def test_preorder_then_order_completes_the_lead(mail_source, brands, at_the_samples_morning):
    preorder = (SAMPLES / "preorder_en.eml").read_bytes()
    lead_message = _one(mail_source, preorder)
    assert lead_message.state == InboundState.LEAD
    paid = website_mail(10240).replace(b"Paid: yes", b"Paid: yes")
    order_message = _one(mail_source, paid)
    assert order_message.state == InboundState.ORDER, order_message.reason
    lead = Lead.objects.get()
    assert lead.status == Lead.Status.CONVERTED and lead.order == order_message.order
    assert "pre-order" in order_message.reason


def test_oversized_message_is_kept_and_sent_to_review(mail_source, settings):
    settings.INTAKE_EMAIL_MAX_BYTES = 10_000
    stored = _one(mail_source, website_mail(30010) + b"x" * 20_000)
    assert stored.state == InboundState.REVIEW and "over the limit" in stored.reason
    assert len(bytes(stored.raw)) > 20_000


def test_a_new_storefront_template_needs_only_a_label_set(mail_source, brands):
    body = BODY_EN.replace("Order: ", "Order no.: ").replace("Items:", "Basket:")\
        .replace("Recipient:", "Deliver to:")
    raw = website_mail(30011, body=body, subject="[RG Flowers] Thank you for your purchase #30011",
                       html=False)
    waiting = _one(mail_source, raw)
    assert waiting.state == InboundState.REVIEW

    labels = dict(LabelSet.objects.get(name="storefront-en").labels)
    labels.update(site_number="Order no.", items="Basket", recipient_name="Deliver to")
    LabelSet.objects.create(name="storefront-2027", language="en", labels=labels,
                            values={"yes": ["yes"], "no": ["no"], "card": ["card"]},
                            order_subject="Thank you for your purchase")
    from channels_intake.services.inbound import inbound_reprocess

    again = inbound_reprocess(message_id=waiting.pk)
    assert again.state == InboundState.ORDER, again.reason
    assert again.order.recipient_name == "Mariam Hakobyan" and again.order.site_number == "30011"
    # And a fresh message of the new template goes straight through.
    assert _one(mail_source, website_mail(30012, body=body, html=False,
                subject="[RG Flowers] Thank you for your purchase #30012")).state == InboundState.ORDER


def test_label_sets_and_layouts_are_checked_and_a_broken_one_is_left_out(mail_source, brands):
    from django.core.exceptions import ValidationError

    from channels_intake.email import Readers
    from channels_intake.models import PartnerLayout

    with pytest.raises(ValidationError) as problem:
        LabelSet(name="bad", labels={"site_numbr": "Order"}, values={"yes": [1]}).full_clean()
    assert set(problem.value.message_dict) == {"labels", "values"}
    with pytest.raises(ValidationError):
        PartnerLayout(name="bad", partner_code="x", labels={}, subject_pattern="(").full_clean()
    LabelSet.objects.create(name="broken", labels=["not", "a", "mapping"])
    readers = Readers.load()
    assert "broken" not in [reader.name for reader in readers.label_sets]
    assert _one(mail_source, website_mail(30013)).state == InboundState.ORDER


def test_raw_8bit_headers_are_stored_readable(mail_source, brands):
    raw = website_mail(30014, html=False).replace(
        b"Subject: [RG Flowers] New order #30014",
        "Subject: [RG Flowers] Новый заказ #30014".encode("windows-1251"))
    raw = raw.replace(b"From: RG Flowers", "From: Цветы RG".encode())
    stored = _one(mail_source, raw)
    assert stored.state == InboundState.ORDER, stored.reason
    stored.refresh_from_db()
    assert stored.subject == "[RG Flowers] Новый заказ #30014"  # windows-1251, guessed
    assert "Цветы RG" in stored.sender


def test_a_reused_message_id_with_other_content_is_kept_apart(mail_source, brands):
    first = inbound_store(source=mail_source, raw=website_mail(30015, message_id="<same@x>"))
    other = inbound_store(source=mail_source, raw=website_mail(30016, message_id="<same@x>"))
    assert first.is_new and other.is_new
    assert other.message.dedup_key.startswith("sha256:")
    [batch] = inbound_ingest(source=mail_source,
                             messages=[(website_mail(30017, message_id="<same@x>"), "t")])
    assert batch.is_new and batch.message.state == InboundState.ORDER


def test_a_message_read_in_part_keeps_what_was_read_and_names_what_was_not(mail_source, brands):
    """Issue 17: a message that was not fully read reached review with nothing of what it held.
    One item line and the total cannot be read; everything else is kept for the review form."""
    raw = website_mail(30107, html=False, cte="8bit").replace(
        b"BL-HEART | Foil balloon heart | 2 x 3000 AMD", b"BL-HEART | Foil balloon heart | a few"
    ).replace(b"Total: 25500 AMD", b"Total: ask Anna")
    stored = _one(mail_source, raw)
    assert stored.state == InboundState.REVIEW and Order.objects.count() == 0
    assert "item line not understood" in stored.reason and "ask Anna" in stored.reason
    parsed = stored.parsed
    assert (parsed["customer"]["name"], parsed["customer"]["phone"]) == (
        "Anna Petrosyan", "+374 91 123456")
    assert parsed["recipient"]["address"] == "Yerevan, Abovyan 10, apt 5"
    assert (parsed["delivery_date"], parsed["window"]) == (delivery_day(), "10:00-13:00")
    assert (parsed["payment_method"], parsed["is_paid"], parsed["delivery_fee"]) == (
        "card", True, "1000")
    assert parsed["total"] is None and parsed["site_number"] == "30107"
    assert [(item["sku"], item["unit_price"]) for item in parsed["items"]] == [
        ("FB-ROSE-25", "18500")]
    assert sorted(parsed["extra"]["unread"]) == ["items", "total"]
