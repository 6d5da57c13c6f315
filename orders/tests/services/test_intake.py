from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from catalog.tests.factories import ProductFactory
from channels_intake.tests.factories import PartnerFactory
from orders.exceptions import IntakeInvalid
from orders.models import Channel, Customer, Lead, Order, OrderEvent
from orders.normalized import Item, Party
from orders.services import intake
from orders.tests.factories import BrandFactory, CustomerFactory, normalized_order
from orders.timeline import event_sentence

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog():
    BrandFactory(code="flowers")
    return ProductFactory(sku="FB-ROSE-25", price=Decimal("25000"))


def test_a_website_order_becomes_an_order_with_e164_phones_and_an_aware_window():
    day = timezone.localdate() + timedelta(days=7)
    result = intake(normalized=normalized_order(delivery_date=day.isoformat()), source="test")

    assert result.outcome == "order"
    order = result.order
    assert order.channel == Channel.WEBSITE and order.site_number == "10234"
    assert order.customer.phone.as_e164 == "+37491123456"
    assert order.recipient_phone.as_e164 == "+37493554433"
    assert order.delivery_date == day
    yerevan = ZoneInfo("Asia/Yerevan")
    assert order.window_start == datetime.combine(day, time(10, 0), tzinfo=yerevan)
    assert order.window_end == datetime.combine(day, time(13, 0), tzinfo=yerevan)
    assert order.total == Decimal("25000") and not order.needs_attention
    line = order.lines.get()
    assert line.product.sku == "FB-ROSE-25" and line.quantity == 1
    assert list(order.events.values_list("kind", "system")) == [("created", "test")]


def test_the_same_site_number_again_is_a_duplicate_not_a_second_order():
    first = intake(normalized=normalized_order(), source="test")
    again = intake(normalized=normalized_order(customer=Party(phone="091 123456")), source="t")

    assert again.outcome == "duplicate" and again.order == first.order
    assert Order.objects.count() == 1


def test_the_same_site_number_in_another_brand_is_another_order():
    BrandFactory(code="gifts")
    intake(normalized=normalized_order(), source="test")
    other = intake(normalized=normalized_order(brand="gifts"), source="test")
    assert other.outcome == "order" and Order.objects.count() == 2


def test_a_customer_is_found_by_phone_whatever_the_format():
    intake(normalized=normalized_order(site_number="1"), source="test")
    intake(normalized=normalized_order(site_number="2", customer=Party(phone="8 091 123456")),
           source="test")
    intake(normalized=normalized_order(site_number="3", customer=Party(phone="37491123456")),
           source="test")
    assert Customer.objects.count() == 1
    assert Customer.objects.get().orders.count() == 3


def test_an_unknown_sku_keeps_the_line_and_flags_the_order():
    result = intake(normalized=normalized_order(
        items=(Item(sku="FB-ROSE-25", quantity=1, unit_price="25000"),
               Item(sku="NOPE-1", name="Mystery vase", quantity=2, unit_price="1500")),
        total="28000"), source="test")

    order = result.order
    assert order.has_unknown_items
    unknown = order.lines.get(product=None)
    assert (unknown.sku, unknown.name, unknown.quantity) == ("NOPE-1", "Mystery vase", 2)
    assert "NOPE-1" in event_sentence(order.events.get(kind="created"))


def test_a_total_that_does_not_match_the_lines_is_flagged_not_corrected():
    result = intake(normalized=normalized_order(total="30000"), source="test")
    assert result.order.has_total_mismatch
    assert result.order.total == Decimal("30000")
    assert result.order.subtotal == Decimal("25000")


def test_the_total_counts_delivery_fee_and_discount():
    result = intake(normalized=normalized_order(delivery_fee="1,500", discount="1 000",
                                                total="25 500"), source="test")
    assert not result.order.has_total_mismatch


def test_a_missing_price_is_taken_from_the_catalog():
    result = intake(normalized=normalized_order(items=(Item(sku="fb-rose-25", quantity=2),),
                                                total=None), source="test")
    assert result.order.lines.get().unit_price == Decimal("25000")
    assert result.order.total == Decimal("50000")


def test_bad_input_lists_every_bad_field_and_writes_nothing():
    bad = normalized_order(
        customer=Party(phone="12"), recipient=Party(name="", phone="call me", address=""),
        delivery_date="31.02.2026", window="25:00-13:00",
        items=(Item(quantity=0, sku="", name=""),), total="lots",
    )
    with pytest.raises(IntakeInvalid) as caught:
        intake(normalized=bad, source="test")

    errors = caught.value.errors
    assert set(errors) == {"customer.phone", "recipient.name", "recipient.address",
                           "recipient.phone", "delivery.date", "delivery.window",
                           "items[0].quantity", "items[0].name", "items[0].unit_price", "total"}
    assert errors["delivery.date"][0][1] == "delivery date 31.02.2026 is not a date"
    assert Order.objects.count() == 0 and Customer.objects.count() == 0


def test_a_passed_delivery_date_is_still_an_order():
    last_week = timezone.localdate() - timedelta(days=7)
    result = intake(normalized=normalized_order(delivery_date=last_week.isoformat()), source="test")
    assert result.outcome == "order"


def test_a_preorder_becomes_a_lead_and_the_paid_order_completes_it():
    preorder = normalized_order(channel=Channel.PREORDER, is_preorder=True, site_number="10240",
                                is_paid=False)
    lead_result = intake(normalized=preorder, source="test")
    assert lead_result.outcome == "lead" and Order.objects.count() == 0
    lead = lead_result.lead
    assert lead.status == Lead.Status.OPEN and lead.total == Decimal("25000")
    assert intake(normalized=preorder, source="test").outcome == "duplicate"

    paid = intake(normalized=normalized_order(site_number="10240"), source="test")

    assert paid.outcome == "order" and paid.completed_lead == lead
    lead.refresh_from_db()
    assert lead.status == Lead.Status.CONVERTED and lead.order == paid.order
    assert OrderEvent.objects.filter(order=paid.order, kind="lead_converted").exists()


def test_a_lead_keeps_the_channel_it_came_from():
    """Issue 17: conversion per channel is counted from the lead's own channel, whatever the
    order that completes it is keyed on."""
    keyed = normalized_order(channel=Channel.VIBER, is_preorder=True, site_number="10241")
    lead = intake(normalized=keyed, source="desk").lead
    assert lead.channel == Channel.VIBER
    completed = intake(normalized=normalized_order(channel=Channel.PHONE_1, site_number="10241"),
                       source="desk")
    lead.refresh_from_db()
    assert lead.order == completed.order and lead.channel == Channel.VIBER


def test_a_partner_order_is_unique_per_partner_and_takes_the_partner_brand():
    partner = PartnerFactory(code="menu-am", brand=BrandFactory(code="sweets"))
    normalized = normalized_order(channel=Channel.PARTNER_APP, brand="", site_number="",
                                  partner="menu-am", partner_order_id="M-1")
    first = intake(normalized=normalized, source="feed")
    again = intake(normalized=normalized, source="feed")

    assert first.order.brand.code == "sweets" and first.order.partner == partner
    assert again.outcome == "duplicate" and again.order == first.order


def test_a_partner_channel_without_a_partner_is_refused():
    with pytest.raises(IntakeInvalid) as caught:
        intake(normalized=normalized_order(channel=Channel.PARTNER_API), source="api")
    assert "partner" in caught.value.errors


def test_a_known_customer_keeps_their_name_when_a_channel_spells_it_differently():
    intake(normalized=normalized_order(site_number="1"), source="test")
    intake(normalized=normalized_order(site_number="2", customer=Party(name="A. P.",
                                                                       phone="091123456")),
           source="test")
    assert Customer.objects.get().name == "Ani Petrosyan"


def test_the_migration_gives_existing_leads_the_channel_their_details_name():
    import importlib

    from django.apps import apps

    brand, customer = BrandFactory(), CustomerFactory()
    viber = Lead.objects.create(brand=brand, customer=customer, site_number="1",
                                details=normalized_order(channel=Channel.VIBER).to_json())
    unusable = Lead.objects.create(brand=brand, customer=customer, site_number="2",
                                   details={"channel": "fax"})
    migration = importlib.import_module("orders.migrations.0010_lead_channel")
    migration.channel_from_details(apps, None)
    viber.refresh_from_db()
    unusable.refresh_from_db()
    assert (viber.channel, unusable.channel) == (Channel.VIBER, Channel.PREORDER)
