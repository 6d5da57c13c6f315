from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation

from catalog.models import Reservation, StockItem
from catalog.tests.factories import AddOnRuleFactory, ProductFactory, StockItemFactory, category
from core.models import OutboxMessage
from delivery.services import courier_assign
from orders.exceptions import EditRefused, LeadRefused, StaleOrder
from orders.models import Lead, OrderEvent, OrderLine, Status
from orders.services import (
    lead_close,
    lead_complete,
    order_addon_add,
    order_cancel,
    order_confirm_call,
    order_edit,
    order_handoff_assembly,
    order_line_quantity,
    order_line_swap,
)
from orders.tests.factories import BrandFactory, CustomerFactory, normalized_order

from .conftest import make_order

pytestmark = pytest.mark.django_db


def test_reached_confirms_and_reserves_stock(desk_order):
    order = order_confirm_call(order_id=desk_order.pk, reached=True, expected_version=1)

    assert order.status == Status.CONFIRMED
    assert StockItem.objects.get(product__sku="DSK-ROSE").reserved == 1
    assert OutboxMessage.objects.filter(about=f"order:{order.pk}", kind="confirmation").exists()


def test_not_reached_emails_the_customer_in_their_language_and_waits(
        desk_order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = order_confirm_call(order_id=desk_order.pk, reached=False,
                                   expected_version=1)

    assert order.status == Status.AWAITING_CUSTOMER
    message = OutboxMessage.objects.get(about=f"order:{order.pk}", kind="not_reached")
    assert message.payload["language"] == "ru"
    assert "не смогли дозвониться" in message.payload["subject"]  # the customer reads Russian
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ani@example.am"]


def test_not_reached_again_writes_a_note_and_emails_again(desk_order):
    order_confirm_call(order_id=desk_order.pk, reached=False)
    order = order_confirm_call(order_id=desk_order.pk, reached=False)

    assert order.status == Status.AWAITING_CUSTOMER
    assert OutboxMessage.objects.filter(about=f"order:{order.pk}", kind="not_reached").count() == 2
    assert OrderEvent.objects.filter(order=order, kind="note").exists()


def test_an_edit_writes_before_and_after_and_tells_everyone(
        desk_order, courier, operator_user, django_capture_on_commit_callbacks):
    """"Told" is not a label: the florist, the courier and the customer each get a real
    message through the outbox, and the timeline names exactly those."""
    desk_order.brand.assembly_email = "florist@rg.am"
    desk_order.brand.save()
    courier.email = "vahe@rg.am"
    courier.save()
    order_confirm_call(order_id=desk_order.pk, reached=True)
    courier_assign(order_id=desk_order.pk, courier_id=courier.pk)
    desk_order.refresh_from_db()
    new_day = desk_order.delivery_date + timedelta(days=1)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        order = order_edit(
            order_id=desk_order.pk, expected_version=desk_order.version, actor=operator_user,
            changes={"delivery_date": new_day, "recipient_address": "Yerevan, Saryan 14"})

    event = OrderEvent.objects.filter(order=order, kind="edited").latest("id")
    assert event.before["recipient_address"] == "Yerevan, Abovyan 12"
    assert event.after["recipient_address"] == "Yerevan, Saryan 14"
    assert event.after["delivery_date"] == new_day.isoformat()
    assert event.after["told"] == ["assembly:florist@rg.am", "courier:vahe@rg.am",
                                   "customer:ani@example.am"]
    assert event.actor == operator_user
    rows = OutboxMessage.objects.filter(about=f"order:{order.pk}",
                                        event=f"order.changed:{order.pk}:v{order.version}")
    assert sorted(rows.values_list("kind", "state")) == [
        ("assembly_notice", "sent"), ("changed", "sent"), ("courier_notice", "sent")]
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"florist@rg.am", "vahe@rg.am", "ani@example.am"} and len(mail.outbox) == 3
    for address in ("florist@rg.am", "vahe@rg.am"):
        assert "Yerevan, Saryan 14" in sent[address].body
        assert "Yerevan, Abovyan 12 → Yerevan, Saryan 14" in sent[address].body
    assert "Yerevan, Saryan 14" in sent["ani@example.am"].body
    assert order.events.filter(kind="message_sent").count() >= 3


def test_an_edit_tells_only_those_with_an_address(desk_order, courier):
    order_confirm_call(order_id=desk_order.pk, reached=True)
    courier_assign(order_id=desk_order.pk, courier_id=courier.pk)  # no e-mail, brand has none
    desk_order.refresh_from_db()

    order = order_edit(order_id=desk_order.pk, expected_version=desk_order.version,
                       changes={"card_message": "With love"})

    event = OrderEvent.objects.filter(order=order, kind="edited").latest("id")
    assert event.after["told"] == ["customer:ani@example.am"]


def test_an_edit_against_an_old_version_changes_nothing(desk_order):
    order_edit(order_id=desk_order.pk, expected_version=1,
               changes={"card_message": "first"})

    with pytest.raises(StaleOrder):
        order_edit(order_id=desk_order.pk, expected_version=1,
                   changes={"card_message": "second"})

    desk_order.refresh_from_db()
    assert desk_order.card_message == "first" and desk_order.version == 2


def test_an_accepted_addon_is_an_upsell_line_on_the_timeline(desk_order, balloon):
    line = order_addon_add(order_id=desk_order.pk, product_id=balloon.pk,
                           expected_version=1)

    assert line.is_upsell and line.unit_price == Decimal("3000.00")
    desk_order.refresh_from_db()
    assert desk_order.total == Decimal("23000.00") and desk_order.version == 2
    assert OrderEvent.objects.filter(order=desk_order, kind="edited",
                                     after__upsell="1 × DSK-BALLOON").exists()


def test_an_addon_on_a_confirmed_order_reserves_its_stock(desk_order, balloon):
    order_confirm_call(order_id=desk_order.pk, reached=True)
    order_addon_add(order_id=desk_order.pk, product_id=balloon.pk)

    assert StockItem.objects.get(product=balloon).reserved == 1


def test_a_swap_moves_the_reservation_to_the_alternative(desk_order, shop):
    order_confirm_call(order_id=desk_order.pk, reached=True)
    other = ProductFactory(sku="DSK-TULIP", price=Decimal("19000.00"))
    StockItemFactory(product=other, location=shop, on_hand=3)
    line = desk_order.lines.get()

    order_line_swap(order_id=desk_order.pk, line_id=line.pk, product_id=other.pk)

    line.refresh_from_db()
    assert line.product == other and line.unit_price == Decimal("19000.00")
    assert StockItem.objects.get(product__sku="DSK-ROSE").reserved == 0
    assert StockItem.objects.get(product=other).reserved == 1
    desk_order.refresh_from_db()
    assert desk_order.total == Decimal("19000.00")
    assert OrderEvent.objects.filter(order=desk_order, kind="edited",
                                     before__line="1 × DSK-ROSE").exists()


def test_a_quantity_change_and_a_removal(desk_order, balloon):
    order_addon_add(order_id=desk_order.pk, product_id=balloon.pk)
    line = desk_order.lines.get(product=balloon)
    order_line_quantity(order_id=desk_order.pk, line_id=line.pk, quantity=3)
    assert OrderLine.objects.get(pk=line.pk).quantity == 3
    order_line_quantity(order_id=desk_order.pk, line_id=line.pk, quantity=0)
    assert not OrderLine.objects.filter(pk=line.pk).exists()
    with pytest.raises(EditRefused):
        order_line_quantity(order_id=desk_order.pk,
                            line_id=desk_order.lines.get().pk, quantity=0)


def test_cancel_needs_a_reason_and_releases_stock(desk_order):
    order_confirm_call(order_id=desk_order.pk, reached=True)
    with pytest.raises(EditRefused):
        order_cancel(order_id=desk_order.pk, reason="  ")

    order = order_cancel(order_id=desk_order.pk, reason="customer changed their mind")

    assert order.status == Status.CANCELLED
    assert not Reservation.objects.exists()
    assert StockItem.objects.get(product__sku="DSK-ROSE").reserved == 0


def test_handoff_to_the_florist(desk_order):
    order_confirm_call(order_id=desk_order.pk, reached=True)
    order = order_handoff_assembly(order_id=desk_order.pk, team="florist")
    assert order.status == Status.ASSEMBLING
    from orders.timeline import event_sentence

    moved = OrderEvent.objects.get(order=order, kind="status_changed", after__status="assembling")
    with translation.override("ru"):
        assert "флорист" in event_sentence(moved)  # said in the reader's language
    with translation.override("en"):
        assert event_sentence(moved).endswith("Handed to the florist.")


def _lead(**overrides):
    brand = BrandFactory()
    normalized = normalized_order(is_preorder=True, site_number="7001", total="25000",
                                  delivery_date=(timezone.localdate() + timedelta(days=2)).isoformat(),
                                  **overrides)
    return Lead.objects.create(brand=brand, site_number="7001", customer=CustomerFactory(),
                               details=normalized.to_json(), total=Decimal("25000"))


def test_a_lead_is_completed_as_an_order_through_intake(operator_user):
    ProductFactory(sku="FB-ROSE-25", price=Decimal("25000"))
    lead = _lead()

    result = lead_complete(lead_id=lead.pk, actor=operator_user)

    lead.refresh_from_db()
    assert result.order is not None and lead.status == Lead.Status.CONVERTED
    assert lead.order == result.order and result.order.site_number == "7001"


@pytest.mark.parametrize("outcome", ["not_interested", "unreachable"])
def test_a_lead_closed_without_an_order(outcome):
    lead = lead_close(lead_id=_lead().pk, outcome=outcome, note="called twice")
    assert lead.status == outcome and lead.closed_at and "called twice" in lead.note


def test_a_lead_cannot_close_as_converted_by_hand():
    with pytest.raises(LeadRefused):
        lead_close(lead_id=_lead().pk, outcome="converted")


def test_an_order_with_stock_short_shows_alternatives(rose, shop):
    from orders import selectors

    order = make_order(rose, quantity=9)  # 5 on hand
    near = ProductFactory(sku="DSK-NEAR", price=Decimal("21000.00"))
    StockItemFactory(product=near, location=shop, on_hand=20)
    far = ProductFactory(sku="DSK-FAR", price=Decimal("90000.00"))
    StockItemFactory(product=far, location=shop, on_hand=20)

    rows = selectors.line_stock(selectors.order_for_page(order.pk))

    assert not rows[0].is_covered and rows[0].free == 5
    assert [p.sku for p in rows[0].alternatives] == ["DSK-NEAR"]


def test_a_festive_addon_is_refused_on_a_mourning_order_at_the_service(shop, balloon):
    """The page hides festive add-ons for a wreath; the service must refuse them too (a POST
    of the add-on action for a balloon on a wreath order added the line)."""
    wreath = ProductFactory(sku="DSK-WREATH", category=category("wreaths"), price=Decimal("45000"))
    order = make_order(wreath)

    with pytest.raises(EditRefused) as refused:
        order_addon_add(order_id=order.pk, product_id=balloon.pk)

    assert refused.value.code == "festive_with_mourning"
    assert not OrderLine.objects.filter(order=order, product=balloon).exists()
    order.refresh_from_db()
    assert order.total == Decimal("45000.00") and order.version == 1


def test_a_quiet_addon_is_still_sold_with_mourning_goods(shop):
    wreath = ProductFactory(sku="DSK-WREATH", category=category("wreaths"), price=Decimal("45000"))
    candle = ProductFactory(sku="DSK-CANDLE", category=category("souvenirs"), price=Decimal("4500"))
    AddOnRuleFactory(category=category("wreaths"), addon=candle, is_festive=False)
    order = make_order(wreath)

    line = order_addon_add(order_id=order.pk, product_id=candle.pk)
    assert line.is_upsell and line.product == candle
