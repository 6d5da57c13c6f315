"""Every e-mail sample of the spec gives exactly its expected outcome and fields."""

import json
from decimal import Decimal

import pytest

from channels_intake.models import InboundMessage
from channels_intake.services.inbound import inbound_ingest

from .conftest import SAMPLES

EXPECTED = json.loads((SAMPLES / "expected.json").read_text())
EMAILS = sorted(name for name in EXPECTED if name.endswith(".eml"))
pytestmark = pytest.mark.usefixtures("at_the_samples_morning")
# The samples that must already be in the mailbox for this one to mean what it says.
BEFORE = {"website_order_en_redelivered.eml": ["website_order_en.eml"]}


def _ingest(source, *names):
    return inbound_ingest(source=source, messages=[((SAMPLES / n).read_bytes(), n) for n in names])


@pytest.mark.parametrize("name", EMAILS)
def test_sample_gives_its_expected_outcome(name, mail_source, worldwide):
    _ingest(mail_source, *BEFORE.get(name, []))
    [stored] = _ingest(mail_source, name)
    want = EXPECTED[name]
    message = stored.message
    message.refresh_from_db()  # what was written, not what the pipeline holds in memory
    assert message.processed_at is not None and message.attempts == 1
    outcome = message.state if stored.is_new else "duplicate"
    assert outcome == want["outcome"], message.reason
    if outcome == "duplicate":
        assert InboundMessage.objects.count() == 1
        return
    target = message.order or message.lead
    assert target is not None
    details = message.parsed
    if message.order:
        order = message.order
        got = {"channel": order.channel, "brand": order.brand.code, "site_number": order.site_number,
               "partner_ref": order.partner_order_id,
               "customer_phone": order.customer.phone.as_e164,
               "recipient_phone": order.recipient_phone.as_e164 if order.recipient_phone else "",
               "delivery_date": order.delivery_date.isoformat(),
               "window": details["window"], "total": order.total, "currency": order.currency,
               "items": order.lines.count(), "payment": order.payment_method, "paid": order.is_paid,
               "anonymous": order.is_anonymous}
    else:
        lead = message.lead
        got = {"channel": details["channel"], "brand": lead.brand.code,
               "site_number": lead.site_number, "customer_phone": lead.customer.phone.as_e164,
               "recipient_phone": details["recipient"]["phone"], "delivery_date":
               lead.delivery_date.isoformat(), "window": details["window"], "total": lead.total,
               "currency": lead.currency, "items": len(details["items"]),
               "payment": details["payment_method"], "paid": details["is_paid"],
               "anonymous": details["is_anonymous"]}
        from core.phones import parse_phone
        got["recipient_phone"] = parse_phone(got["recipient_phone"]).as_e164
    for key, value in want.items():
        if key == "outcome":
            continue
        if key == "total":
            assert got[key] == Decimal(str(value)), key
        else:
            assert got[key] == value, key
