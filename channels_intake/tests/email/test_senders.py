"""A forged storefront e-mail is not a paid order, and cannot push the real one aside (issue #11,
item 3): storefront senders and trusted forwarders are data, DKIM is checked where a domain is
set, and a taken site number with other order details waits for a person beside the first."""

import base64
import email
import shutil
import subprocess
from email.message import EmailMessage

import dkim
import pytest
from django.urls import reverse

from channels_intake.email import senders
from channels_intake.models import InboundState, StorefrontSender, TrustedForwarder
from channels_intake.services.inbound import inbound_ingest
from conftest import need_service
from core.tests.factories import UserFactory
from orders.models import Order

from .mails import BODY_EN, delivery_day, website_mail

SELECTOR, DOMAIN = b"shop2026", "flowers.rg.example"


def _one(source, raw):
    [stored] = inbound_ingest(source=source, messages=[(raw, "test")])
    stored.message.refresh_from_db()
    return stored.message


def _forged(number, **kwargs):
    return website_mail(number, sender="orders@flowers-rg.example", **kwargs)


def test_a_forged_sender_with_the_brand_tag_and_paid_goes_to_review(mail_source, brands):
    raw = _forged(60001)
    assert b"[RG Flowers]" in raw and b"Paid: yes" in raw
    message = _one(mail_source, raw)
    assert message.state == InboundState.REVIEW
    assert message.reason.startswith("unverified sender")
    assert "orders@flowers-rg.example" in message.reason
    assert not Order.objects.exists()


def test_a_forgery_sent_first_cannot_push_the_genuine_order_aside(mail_source, brands):
    forged = _one(mail_source, _forged(60002, subject="[RG Flowers] New order #60002"))
    genuine = _one(mail_source, website_mail(60002))
    assert forged.state == InboundState.REVIEW and "unverified sender" in forged.reason
    assert genuine.state == InboundState.ORDER, genuine.reason
    assert Order.objects.get().site_number == "60002"


def test_a_sender_of_another_brand_is_not_trusted_for_this_one(mail_source, brands):
    message = _one(mail_source, website_mail(60003, sender="orders@sweets.rg.example"))
    assert message.state == InboundState.REVIEW
    assert "not a storefront sender of flowers" in message.reason


def test_an_inactive_sender_is_not_trusted(mail_source, brands):
    StorefrontSender.objects.filter(address="orders@flowers.rg.example").update(is_active=False)
    assert _one(mail_source, website_mail(60004)).state == InboundState.REVIEW


# DKIM -----------------------------------------------------------------------------------------

@pytest.fixture
def signing_key(monkeypatch):
    """An RSA key made for the run, its public half served by a DNS lookup the test injects."""
    need_service("openssl", shutil.which("openssl") is not None, "makes the test's RSA key")
    private = subprocess.run(["openssl", "genrsa", "2048"], capture_output=True, check=True).stdout
    public = subprocess.run(["openssl", "rsa", "-pubout", "-outform", "DER"], input=private,
                            capture_output=True, check=True).stdout
    records = {SELECTOR + b"._domainkey." + DOMAIN.encode():
               b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)}
    asked = []

    def lookup(name, timeout=5):
        asked.append(name)
        return records.get(name.rstrip(b"."))

    monkeypatch.setattr(senders, "dns_txt", lookup)
    return private, asked


def _signed(raw: bytes, private: bytes, domain: str = DOMAIN) -> bytes:
    return dkim.sign(raw, SELECTOR, domain.encode(), private,
                     include_headers=[b"from", b"to", b"subject", b"date", b"message-id"]) + raw


@pytest.fixture
def dkim_sender(brands):
    StorefrontSender.objects.filter(address="orders@flowers.rg.example").update(dkim_domain=DOMAIN)


def test_dkim_valid_signature_of_the_domain_is_an_order(mail_source, dkim_sender, signing_key):
    private, asked = signing_key
    message = _one(mail_source, _signed(website_mail(61001), private))
    assert message.state == InboundState.ORDER, message.reason
    assert asked  # the key was looked up, through the injected function


def test_dkim_signature_broken_by_a_changed_body_is_review(mail_source, dkim_sender, signing_key):
    private, _asked = signing_key
    raw = _signed(website_mail(61002, html=False, cte="8bit"), private)
    message = _one(mail_source, raw.replace(b"Total: 25500 AMD", b"Total: 2550 AMD"))
    assert message.state == InboundState.REVIEW
    assert "no valid DKIM signature of flowers.rg.example" in message.reason


def test_dkim_missing_is_review(mail_source, dkim_sender, signing_key):
    message = _one(mail_source, website_mail(61003))
    assert message.state == InboundState.REVIEW and "DKIM" in message.reason


def test_dkim_signature_of_another_domain_is_review(mail_source, dkim_sender, signing_key):
    private, _asked = signing_key
    message = _one(mail_source, _signed(website_mail(61004), private, domain="rg-promo.example"))
    assert message.state == InboundState.REVIEW and "DKIM" in message.reason


# Forwarded by staff -----------------------------------------------------------------------------

def _forward_as_attachment(inner_raw: bytes, *, by: str) -> bytes:
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = "Fwd: order", by, "desk@rg.example"
    message.set_content("Please take this one.")
    message.add_attachment(email.message_from_bytes(inner_raw, policy=email.policy.default))
    return message.as_bytes()


def _forward_inline(inner_sender: str, number: int, *, by: str) -> bytes:
    message = EmailMessage()
    message["Subject"], message["From"] = f"Fwd: [RG Flowers] New order #{number}", by
    message.set_content(
        "FYI\n\n---------- Forwarded message ---------\n"
        f"From: RG Flowers <{inner_sender}>\nDate: Sat, 21 Nov 2026 09:00\n"
        f"Subject: [RG Flowers] New order #{number}\nTo: desk@rg.example\n\n"
        + BODY_EN.format(number=number, delivery_date=delivery_day()))
    return message.as_bytes()


def test_forwarded_by_staff_is_judged_by_the_inner_sender(mail_source, brands):
    attached = _one(mail_source, _forward_as_attachment(website_mail(62001), by="Ani <ani@rg.example>"))
    inline = _one(mail_source, _forward_inline("orders@flowers.rg.example", 62002,
                                               by="Ani <ani@desk.rg.example>"))
    assert attached.state == InboundState.ORDER, attached.reason
    assert inline.state == InboundState.ORDER, inline.reason


def test_forwarded_by_staff_but_forged_inside_is_review(mail_source, brands):
    message = _one(mail_source, _forward_as_attachment(_forged(62003), by="ani@rg.example"))
    assert message.state == InboundState.REVIEW
    assert "orders@flowers-rg.example is not a storefront sender" in message.reason


def test_forwarded_by_an_outsider_is_review(mail_source, brands):
    message = _one(mail_source, _forward_as_attachment(website_mail(62004), by="x@rg.example.net"))
    assert message.state == InboundState.REVIEW
    assert "not a trusted forwarding domain" in message.reason


def test_a_dkim_sender_forwarded_counts_only_from_a_signing_forwarder(mail_source, dkim_sender,
                                                                       signing_key):
    private, _asked = signing_key
    unsigned = _one(mail_source, _forward_inline("orders@flowers.rg.example", 62005,
                                                 by="ani@rg.example"))
    assert unsigned.state == InboundState.REVIEW and "DKIM" in unsigned.reason
    TrustedForwarder.objects.filter(domain="rg.example").update(dkim_domain=DOMAIN)
    signed = _one(mail_source, _signed(_forward_inline("orders@flowers.rg.example", 62006,
                                                       by="ani@flowers.rg.example"), private))
    assert signed.state == InboundState.ORDER, signed.reason


# Same site number -------------------------------------------------------------------------------

def test_same_site_number_with_other_details_goes_to_review_with_the_difference(
        mail_source, brands, admin_client):
    first = _one(mail_source, website_mail(63001))
    changed = website_mail(63001, body=BODY_EN.replace("Mariam Hakobyan", "Lilit Sargsyan")
                           .replace("Total: 25500 AMD", "Total: 25000 AMD"))
    second = _one(mail_source, changed)
    assert first.state == InboundState.ORDER
    assert second.state == InboundState.REVIEW
    assert "63001 is already taken" in second.reason and "recipient_name" in second.reason
    assert second.duplicate_of == first and second.order is None
    by_field = {item["field"]: item for item in second.conflicts}
    assert set(by_field) == {"recipient_name", "total"}
    assert (by_field["recipient_name"]["first"], by_field["recipient_name"]["this"]) == (
        "Mariam Hakobyan", "Lilit Sargsyan")
    assert Order.objects.count() == 1
    admin_page = admin_client.get(reverse("admin:channels_intake_inboundmessage_change",
                                          args=[second.pk])).content.decode()
    desk_page = admin_client.get(reverse("desk:review_item", args=[second.pk])).content.decode()
    for page in (admin_page, desk_page):
        assert "Lilit Sargsyan" in page and "Mariam Hakobyan" in page and "25000 AMD" in page


def test_same_order_with_new_headers_is_still_a_duplicate(mail_source, brands):
    first = _one(mail_source, website_mail(63002))
    again = website_mail(63002).replace(b"Date: Sat, 21 Nov 2026 09:00:00 +0400",
                                        b"Date: Sun, 22 Nov 2026 10:00:00 +0400")
    second = _one(mail_source, again)
    assert second.state == InboundState.DUPLICATE and second.conflicts == []
    assert second.order == first.order


# Admin ------------------------------------------------------------------------------------------

def test_only_admins_edit_senders_and_forwarders(client, admin_client, brands):
    manager = UserFactory(role="manager", username="mgr-senders", is_staff=True)
    client.force_login(manager)
    sender = StorefrontSender.objects.first()
    change = reverse("admin:channels_intake_storefrontsender_change", args=[sender.pk])
    response = client.post(change, {"brand": sender.brand_id, "address": "me@evil.example",
                                    "is_active": "on"})
    sender.refresh_from_db()
    assert sender.address == "orders@flowers.rg.example"
    assert client.get(reverse("admin:channels_intake_trustedforwarder_add")).status_code == 403
    assert response.status_code == 403 or "me@evil.example" not in response.content.decode()
    assert admin_client.get(reverse("admin:channels_intake_trustedforwarder_add")).status_code == 200
