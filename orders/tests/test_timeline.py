"""Every timeline event reads as a sentence in the reader's language (issue 10, item 5)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from catalog.tests.factories import LocationFactory, ProductFactory, StockItemFactory
from notices.models import MessageKind
from orders import events
from orders.models import Status
from orders.normalized import Item
from orders.services import editing, intake, order_move
from orders.tests.factories import BrandFactory, normalized_order
from orders.timeline import event_sentence, event_sentences

pytestmark = pytest.mark.django_db

RAW = ("out_for_delivery", "in_progress", "awaiting_customer", "recipient_absent", "{", "}",
       "outcome:", "status:", "FB-ROSE-25", "'", "delivery_date", "window_start", "told",
       "upsell", "courier:", "None", "has_past_date")


@pytest.fixture
def lived_order():
    """An order with one event of every kind, written by the services that write them."""
    BrandFactory()
    rose = ProductFactory(sku="FB-ROSE-25", name_en="Red roses", name_ru="Красные розы",
                          name_hy="Կարմիր վարդեր", price=Decimal("25000"))
    StockItemFactory(product=rose, location=LocationFactory(name="Shop"), on_hand=10)
    balloon = ProductFactory(sku="BL-HEART-5", name_en="5 heart balloons", price=Decimal("5000"))
    StockItemFactory(product=balloon, location=LocationFactory(name="Shop"), on_hand=10)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    order = intake(normalized=normalized_order(
        delivery_date=yesterday, items=(Item(sku="FB-ROSE-25", quantity=2, unit_price="24000"),),
        total="48000"), source="orders-mailbox").order
    editing.order_confirm_call(order_id=order.pk, reached=True)
    editing.order_edit(order_id=order.pk, changes={
        "delivery_date": timezone.localdate() + timedelta(days=1),
        "recipient_address": "Yerevan, Abovyan 1"})
    editing.order_addon_add(order_id=order.pk, product_id=balloon.pk)
    line = order.lines.get(sku="FB-ROSE-25")
    editing.order_line_quantity(order_id=order.pk, line_id=line.pk, quantity=3)
    events.courier_assigned(order=order, courier="Vahe", previous="Aram")
    order.refresh_from_db()
    editing.order_handoff_assembly(order_id=order.pk, team="florist")
    order_move(order_id=order.pk, to=Status.OUT_FOR_DELIVERY)
    events.delivery_attempt(order=order, outcome="in_progress", detail="Vahe")
    events.delivery_attempt(order=order, outcome="failed", reason="recipient_absent",
                            detail="nobody home")
    events.message_sent(order=order, kind=MessageKind.CONFIRMATION, to="ani@example.am")
    events.stock_changed(order=order, reserved=False, lines={"FB-ROSE-25": 3})
    events.promo_applied(order=order, code="SPRING", discount="2500.00")
    events.lead_converted(order=order, lead_id=7)
    editing.order_attention_clear(order_id=order.pk)
    return order


@pytest.mark.parametrize("language", ["hy", "ru", "en"])
def test_no_event_shows_a_raw_code(lived_order, language):
    with translation.override(language):
        sentences = [sentence for _event, sentence, _who in event_sentences(lived_order)]
    kinds = set(lived_order.events.values_list("kind", flat=True))
    assert kinds >= {"created", "status_changed", "edited", "stock_reserved", "stock_released",
                     "courier_assigned", "delivery_attempt", "message_sent", "promo_applied",
                     "lead_converted"}
    for sentence in sentences:
        assert sentence.strip()
        for code in RAW:
            assert code not in sentence, (code, sentence)


def test_sentences_use_labels_and_product_names():
    BrandFactory()
    ProductFactory(sku="FB-ROSE-25", name_en="Red roses", name_ru="Красные розы",
                   name_hy="Կարմիր վարդեր", price=Decimal("25000"))
    order = intake(normalized=normalized_order(
        delivery_date=(timezone.localdate() + timedelta(days=2)).isoformat()), source="t").order
    moved = events.status_changed(order=order, was=Status.ASSEMBLING)
    order.status = Status.OUT_FOR_DELIVERY
    moved = events.status_changed(order=order, was=Status.ASSEMBLING)
    reserved = events.stock_changed(order=order, reserved=True, lines={"FB-ROSE-25": 2})
    failed = events.delivery_attempt(order=order, outcome="failed", reason="recipient_absent")

    with translation.override("en"):
        assert event_sentence(moved) == "Status changed from “assembling” to “out for delivery”."
        assert event_sentence(reserved) == "Stock reserved: 2 × Red roses."
        assert event_sentence(failed) == "Delivery: failed. Reason: recipient not there."
    with translation.override("ru"):
        assert "2 × Красные розы" in event_sentence(reserved)
    with translation.override("hy"):
        assert "2 × Կարմիր վարդեր" in event_sentence(reserved)


def test_what_the_desk_said_reads_in_the_readers_language_not_the_actors():
    """Issue 17: a sentence was stored in the language of whoever acted, so a Russian operator
    read Armenian. The desk's words are kept as a phrase and said when shown."""
    BrandFactory()
    rose = ProductFactory(sku="FB-ROSE-25", name_en="Red roses", name_ru="Красные розы",
                          name_hy="Կարմիր վարդեր", price=Decimal("25000"))
    order = intake(normalized=normalized_order(
        items=(Item(sku="FB-ROSE-25", quantity=1, unit_price="24000"),), total="24000"),
        source="orders-mailbox").order
    with translation.override("hy"):  # an Armenian operator calls
        editing.order_confirm_call(order_id=order.pk, reached=False)
    called = order.events.get(kind="status_changed")
    created = order.events.get(kind="created")
    assert called.message == "" and called.said == {"code": "called_no_answer", "params": {}}
    for language in ("ru", "hy", "en"):
        with translation.override(language):
            said = translation.gettext("Called, no answer.")
            assert event_sentence(called).endswith(said)
            # The price flag names the product in the reader's language too.
            assert rose.name in event_sentence(created)
    with translation.override("ru"):
        assert "Красные розы" in event_sentence(created)
        assert "Կ" not in event_sentence(called) + event_sentence(created)


def test_people_are_shown_by_the_names_people_use():
    """Issue 17: "courier:1", "mailer" and the login "operator" instead of "Anna"."""
    from core.tests.factories import UserFactory
    from delivery.tests.factories import CourierFactory
    from orders.actors import actor_names

    anna = UserFactory(username="operator", first_name="Anna", last_name="Hakobyan")
    nameless = UserFactory(username="olga", first_name="", last_name="")
    vahe = CourierFactory(name="Vahe")
    acts = [(anna, ""), (nameless, ""), (None, f"courier:{vahe.pk}"), (None, "mailer"),
            (None, "e-mail orders-mailbox"), (None, "tracking"), (None, "")]
    with translation.override("en"):
        assert actor_names(acts) == ["Anna Hakobyan", "olga", "Vahe", "E-mail",
                                     "Mailbox orders-mailbox", "Parcel tracking", ""]
    with translation.override("ru"):
        words = actor_names(acts)
        assert words[:3] == ["Anna Hakobyan", "olga", "Vahe"]
        assert words[3] == translation.gettext("E-mail")


def test_the_order_page_shows_who_acted_by_name(client_operator):
    from delivery.tests.factories import CourierFactory

    BrandFactory()
    order = intake(normalized=normalized_order(), source="orders-mailbox").order
    vahe = CourierFactory(name="Vahe Sargsyan")
    events.note(order=order, system=f"courier:{vahe.pk}", message="left at the door")
    events.message_sent(order=order, kind=MessageKind.CONFIRMATION, to="ani@example.am")
    from django.urls import reverse

    html = client_operator.get(reverse("desk:order", args=[order.pk])).content.decode()
    assert '<span class="who">Vahe Sargsyan</span>' in html
    assert '<span class="who">E-mail</span>' in html
    assert "courier:" not in html and "mailer" not in html


def test_the_migration_turns_fixed_sentences_in_any_language_into_phrases():
    import importlib

    from django.apps import apps

    from orders.models import OrderEvent

    BrandFactory()
    order = intake(normalized=normalized_order(), source="t").order
    with translation.override("hy"):
        armenian = translation.gettext("Called, no answer.")
    kept = events.note(order=order, message="The customer asked for a call at noon")
    old = events.note(order=order, message=armenian)
    migration = importlib.import_module("orders.migrations.0011_orderevent_said")
    migration.fixed_sentences_to_phrases(apps, None)
    old, kept = OrderEvent.objects.get(pk=old.pk), OrderEvent.objects.get(pk=kept.pk)
    assert (old.message, old.said) == ("", {"code": "called_no_answer", "params": {}})
    assert kept.message == "The customer asked for a call at noon" and kept.said == {}
    with translation.override("ru"):
        assert event_sentence(old) == translation.gettext("Called, no answer.")
