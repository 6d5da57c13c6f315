import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from channels_intake.models import InboundState
from channels_intake.tests.test_review import review_item
from core.models import OutboxMessage
from core.tests.factories import UserFactory
from desk.forms.order import read_snapshot
from desk.tests.browser_form import form_fields
from orders.models import Channel, Lead, Order, OrderEvent, Status
from orders.tests.factories import BrandFactory, CustomerFactory, OrderFactory, normalized_order

from .conftest import make_order

pytestmark = pytest.mark.django_db

PAGES = ["desk:queue", "desk:quick", "desk:review", "desk:leads"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_goes_to_the_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", PAGES)
def test_a_user_without_the_role_is_refused(client, name):
    client.force_login(UserFactory())
    assert client.get(reverse(name)).status_code == 403


def test_order_actions_need_the_role(client, desk_order):
    url = reverse("desk:order_action", args=[desk_order.pk, "confirm"])
    assert client.post(url, {"version": 1, "outcome": "reached"}).status_code == 302
    client.force_login(UserFactory())
    assert client.post(url, {"version": 1, "outcome": "reached"}).status_code == 403
    desk_order.refresh_from_db()
    assert desk_order.status == Status.NEW


@pytest.mark.parametrize("role", ["operator", "manager"])
def test_operators_and_managers_work_the_desk(client, role, desk_order):
    client.force_login(UserFactory(role=role))
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("desk:order", args=[desk_order.pk])).status_code == 200


def test_the_queue_puts_the_most_urgent_first_and_hides_finished_orders(client_operator, rose):
    today = timezone.localdate()
    later = make_order(rose, delivery_date=today + timedelta(days=2))
    sooner = make_order(rose, delivery_date=today)
    make_order(rose, delivery_date=today, status=Status.DELIVERED)

    rows = client_operator.get(reverse("desk:queue")).context["rows"]

    assert [row.pk for row in rows] == [sooner.pk, later.pk]


def test_the_queue_shows_leads_among_orders(client_operator, rose):
    customer = CustomerFactory(name="Lead Person")
    Lead.objects.create(brand=BrandFactory(), site_number="8001", customer=customer,
                        delivery_date=timezone.localdate())
    make_order(rose)
    response = client_operator.get(reverse("desk:queue"))
    assert [row.kind for row in response.context["rows"]] == ["lead", "order"]
    assert client_operator.get(reverse("desk:queue"), {"status": "new"}).context["rows"][0].kind == "order"


@pytest.mark.parametrize("typed", ["+374 91 555 777", "091555777", "8 091 55 57 77",
                                   "(091) 55-57-77", "555777"])
def test_search_by_phone_in_any_format(client_operator, rose, typed):
    wanted = make_order(rose, customer=CustomerFactory(phone="+37491555777"))
    make_order(rose)
    rows = client_operator.get(reverse("desk:queue"), {"q": typed}).context["rows"]
    assert [row.pk for row in rows] == [wanted.pk]


def test_search_by_name_and_order_numbers(client_operator, rose):
    site = make_order(rose, site_number="10777")
    partner = make_order(rose, partner_order_id="MENU-AM-4242")
    named = make_order(rose, customer=CustomerFactory(name="Gayane Harutyunyan"))
    for text, wanted in [("10777", site), ("menu-am-4242", partner), ("harutyun", named),
                         (site.number, site)]:
        rows = client_operator.get(reverse("desk:queue"), {"q": text}).context["rows"]
        assert [row.pk for row in rows] == [wanted.pk], text


def test_filters_status_channel_courier_needs_person_and_dates(client_operator, rose, courier):
    from delivery.services import courier_assign

    today = timezone.localdate()
    viber = make_order(rose, channel=Channel.VIBER, delivery_date=today + timedelta(days=1))
    flagged = make_order(rose, has_unknown_items=True, delivery_date=today)
    waiting = make_order(rose, status=Status.AWAITING_CUSTOMER, delivery_date=today)
    confirmed = make_order(rose, status=Status.CONFIRMED, delivery_date=today + timedelta(days=5))
    courier_assign(order_id=confirmed.pk, courier_id=courier.pk)

    def found(**params):
        rows = client_operator.get(reverse("desk:queue"), params).context["rows"]
        return {Order.objects.get(pk=row.pk) for row in rows}

    assert found(channel="viber") == {viber}
    assert found(needs_person="on") == {flagged, waiting}
    assert found(status="awaiting_customer") == {waiting}
    assert found(courier=courier.pk) == {confirmed}
    assert found(when="today") == {flagged, waiting}
    assert found(when="tomorrow") == {viber}
    assert found(when="range", date_from=(today + timedelta(days=2)).isoformat(),
                 date_to=(today + timedelta(days=9)).isoformat()) == {confirmed}


def test_the_refresh_gets_the_rows_only_with_the_filters(client_operator, rose):
    viber = make_order(rose, channel=Channel.VIBER)
    make_order(rose)
    response = client_operator.get(reverse("desk:queue"), {"channel": "viber"},
                                   headers={"HX-Request": "true"})
    assert [t.name for t in response.templates][0] == "desk/_queue_rows.html"
    assert [row.pk for row in response.context["rows"]] == [viber.pk]
    assert b"<html" not in response.content


def test_phones_are_click_to_call(client_operator, desk_order):
    page = client_operator.get(reverse("desk:order", args=[desk_order.pk])).content.decode()
    assert f'href="tel:{desk_order.customer.phone.as_e164}"' in page
    assert f'href="tel:{desk_order.recipient_phone.as_e164}"' in page


def _post(client, order, action, **data):
    order.refresh_from_db()
    data.setdefault("version", order.version)
    return client.post(reverse("desk:order_action", args=[order.pk, action]), data)


def test_confirm_reached_from_the_page(client_operator, desk_order, operator_user):
    response = _post(client_operator, desk_order, "confirm", outcome="reached")
    assert response.status_code == 302
    desk_order.refresh_from_db()
    assert desk_order.status == Status.CONFIRMED
    assert desk_order.events.get(kind="status_changed").actor == operator_user


def test_the_call_outcome_is_never_chosen_for_the_operator(client_operator, desk_order, rose):
    """Issue 17: "reached" was pre-selected, so one click confirmed and reserved stock."""
    page = client_operator.get(reverse("desk:order", args=[desk_order.pk])).content.decode()
    assert 'name="outcome"' in page and "checked" not in page.split('id="confirm"')[1].split(
        "</form>")[0]
    assert "Choose the call" in page  # the preview waits for the choice
    free = rose.stock.get().on_hand - rose.stock.get().reserved
    response = _post(client_operator, desk_order, "confirm", note="called")
    assert response.status_code == 400
    desk_order.refresh_from_db()
    rose.stock.get().refresh_from_db()
    assert desk_order.status == Status.NEW
    assert rose.stock.get().on_hand - rose.stock.get().reserved == free
    assert not desk_order.events.filter(kind__in=["status_changed", "stock_reserved"]).exists()


def test_confirm_not_reached_from_the_page(client_operator, desk_order):
    _post(client_operator, desk_order, "confirm", outcome="not_reached", note="no answer")
    desk_order.refresh_from_db()
    assert desk_order.status == Status.AWAITING_CUSTOMER
    message = OutboxMessage.objects.get(about=f"order:{desk_order.pk}")
    assert (message.channel, message.kind) == ("email", "not_reached")


def test_every_action_from_the_page(client_operator, desk_order, balloon, courier):
    assert _post(client_operator, desk_order, "addon", product=balloon.pk).status_code == 302
    assert _post(client_operator, desk_order, "confirm", outcome="reached").status_code == 302
    assert _post(client_operator, desk_order, "assemble", team="warehouse").status_code == 302
    assert _post(client_operator, desk_order, "courier", courier=courier.pk).status_code == 302
    assert _post(client_operator, desk_order, "dispatch", tracking_number="T1").status_code == 302
    desk_order.refresh_from_db()
    assert desk_order.status == Status.OUT_FOR_DELIVERY
    assert desk_order.lines.filter(is_upsell=True).count() == 1
    kinds = list(desk_order.events.values_list("kind", flat=True))
    assert {"edited", "status_changed", "courier_assigned", "delivery_attempt"} <= set(kinds)
    page = client_operator.get(reverse("desk:order", args=[desk_order.pk])).content.decode()
    assert "Vahe" in page and "DSK-BALLOON" in page


def test_edit_swap_quantity_promo_and_cancel_from_the_page(client_operator, desk_order, shop):
    from catalog.tests.factories import ProductFactory, PromoCodeFactory, StockItemFactory

    day = (desk_order.delivery_date + timedelta(days=1)).isoformat()
    response = _post(client_operator, desk_order, "edit", delivery_date=day,
                     window_from="10:00", window_until="13:00", recipient_name="Sona",
                     recipient_phone="093 11 22 33", recipient_address="Gyumri, Rustaveli 1",
                     card_message="Happy birthday")
    assert response.status_code == 302
    desk_order.refresh_from_db()
    assert desk_order.recipient_name == "Sona" and desk_order.recipient_phone.as_e164 == "+37493112233"
    assert timezone.localtime(desk_order.window_start).hour == 10

    other = ProductFactory(sku="DSK-ALT", price=Decimal("18000.00"))
    StockItemFactory(product=other, location=shop, on_hand=2)
    line = desk_order.lines.get()
    assert _post(client_operator, desk_order, "swap", line=line.pk,
                 product=other.pk).status_code == 302
    assert _post(client_operator, desk_order, "quantity", line=line.pk,
                 quantity=2).status_code == 302
    PromoCodeFactory(code="DESK10")
    assert _post(client_operator, desk_order, "promo", code="desk10").status_code == 302
    desk_order.refresh_from_db()
    assert desk_order.subtotal == Decimal("36000.00") and desk_order.discount == Decimal("3600.00")

    assert _post(client_operator, desk_order, "cancel", reason="").status_code == 400
    assert _post(client_operator, desk_order, "cancel", reason="duplicate call").status_code == 302
    desk_order.refresh_from_db()
    assert desk_order.status == Status.CANCELLED


def test_a_refused_action_shows_the_reason_beside_the_form(client_operator, desk_order):
    desk_order.status = Status.DELIVERED
    desk_order.save()
    response = _post(client_operator, desk_order, "cancel", reason="too late")
    assert response.status_code == 400
    assert "cannot become" in response.content.decode()


def test_the_second_save_gets_a_conflict_and_keeps_what_was_typed(client_operator, desk_order):
    loaded = client_operator.get(reverse("desk:order", args=[desk_order.pk]))
    snapshot = loaded.context["versioned"]["snapshot"]
    # Someone else changes the address meanwhile.
    from orders.services import order_edit

    order_edit(order_id=desk_order.pk, expected_version=1,
               changes={"recipient_address": "Vanadzor, Tigran Mets 5"})

    response = client_operator.post(
        reverse("desk:order_action", args=[desk_order.pk, "edit"]),
        {"version": 1, "snapshot": snapshot, "delivery_date": desk_order.delivery_date.isoformat(),
         "recipient_name": desk_order.recipient_name, "recipient_address": "Yerevan, Saryan 14",
         "card_message": "Typed by the second operator"})

    assert response.status_code == 409
    page = response.content.decode()
    assert "Conflict" in page
    assert ("delivery address", "Yerevan, Abovyan 12", "Vanadzor, Tigran Mets 5") in \
        [tuple(map(str, row)) for row in response.context["conflict"]["diff"]]
    kept = response.context["forms"]["edit"]
    assert kept["card_message"].value() == "Typed by the second operator"
    assert kept["recipient_address"].value() == "Yerevan, Saryan 14"
    assert int(kept["version"].value()) == 2  # saving again applies it, deliberately
    assert read_snapshot(kept["snapshot"].value())["recipient_address"] == "Vanadzor, Tigran Mets 5"
    desk_order.refresh_from_db()
    assert desk_order.card_message == ""


def test_quick_entry_for_a_known_customer(client_operator, rose, balloon, operator_user):
    BrandFactory()
    known = CustomerFactory(phone="+37491222333", name="Narek Avetisyan", email="narek@example.am")
    OrderFactory(customer=known, recipient_name="Lilit", recipient_address="Yerevan, Teryan 60")

    lookup = client_operator.get(reverse("desk:customer_lookup"), {"phone": "091 22 23 33"}).json()
    assert lookup["found"] and lookup["customer"]["name"] == "Narek Avetisyan"
    assert lookup["customer"]["recipients"][0]["address"] == "Yerevan, Teryan 60"

    response = client_operator.post(reverse("desk:quick"), {
        "channel": "viber", "brand": "flowers", "customer_phone": "091 22 23 33",
        "customer_language": "hy", "recipient_name": "Lilit", "recipient_address": "Yerevan, Teryan 60",
        "delivery_date": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "window": "10:00-13:00", "payment_method": "cash", "qty:DSK-ROSE": "2",
        "addon:DSK-BALLOON": "1", "card_message": "Love"})

    order = Order.objects.get(channel="viber")
    assert response.status_code == 302 and response.url == reverse("desk:order", args=[order.pk])
    assert order.customer == known and order.total == Decimal("43000.00")
    assert order.lines.filter(is_upsell=True).get().sku == "DSK-BALLOON"
    assert order.events.get(kind="created").actor == operator_user


def test_quick_entry_shows_intake_errors_beside_the_fields_and_keeps_the_picks(client_operator, rose):
    BrandFactory()
    response = client_operator.post(reverse("desk:quick"), {
        "channel": "phone_1", "brand": "flowers", "customer_phone": "12",
        "customer_language": "en", "payment_method": "cash", "qty:DSK-ROSE": "1"})
    assert response.status_code == 400
    form = response.context["form"]
    assert "customer_phone" in form.errors and "recipient_address" in form.errors
    assert response.context["chosen"] == {"DSK-ROSE": 1}


def test_the_quick_entry_upsell_panel_never_offers_festive_addons_for_mourning(
        client_operator, rose, balloon):
    from catalog.tests.factories import ProductFactory, category

    wreath = ProductFactory(sku="DSK-WREATH", category=category("wreaths"))
    from catalog.tests.factories import AddOnRuleFactory

    AddOnRuleFactory(category=category("wreaths"), addon=balloon, is_festive=True)
    festive = client_operator.get(reverse("desk:quick_addons"), {"qty:DSK-ROSE": "1"})
    assert "Balloon" in festive.content.decode()
    mourning = client_operator.get(reverse("desk:quick_addons"), {f"qty:{wreath.sku}": "1"})
    assert "Balloon" not in mourning.content.decode()


def test_review_save_creates_the_order_and_closes_the_item(client_operator, rose):
    BrandFactory()
    item = review_item(parsed=normalized_order(items=()).to_json())
    page = client_operator.get(reverse("desk:review_item", args=[item.pk]))
    assert page.status_code == 200 and "roses to Abovyan 12" in page.content.decode()
    assert page.context["form"]["customer_name"].value() == "Ani Petrosyan"

    data = form_fields(page.content.decode(), "review-form")  # as the browser submits it
    data |= {"channel": "website", "brand": "flowers", "qty:DSK-ROSE": "1",
             "delivery_date": (timezone.localdate() + timedelta(days=1)).isoformat(),
             "payment_method": "card"}
    response = client_operator.post(reverse("desk:review_item", args=[item.pk]), data)

    item.refresh_from_db()
    assert response.status_code == 302, response.context["form"].errors
    assert item.state == InboundState.ORDER and item.order.site_number == "10234"


def test_a_message_read_in_part_fills_the_review_form_and_marks_the_rest(client_operator, rose):
    """Issue 17: the review form was empty although the message held nearly everything."""
    from orders.normalized import Item

    BrandFactory()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    item = review_item(reason="item line not understood: Balloons | a few", parsed=normalized_order(
        items=(Item(sku="DSK-ROSE", quantity=1, unit_price="20000"),), delivery_fee="1000",
        total=None, delivery_date=tomorrow, extra={"unread": ["items", "total"]}).to_json())
    page = client_operator.get(reverse("desk:review_item", args=[item.pk]))
    html = page.content.decode()
    form = page.context["form"]
    assert (form["customer_phone"].value(), form["recipient_address"].value(),
            form["window"].value(), form["payment_method"].value()) == (
        "+374 91 123456", "Yerevan, Tumanyan 8", "10:00-13:00", "card")
    stated = page.context["stated"]
    assert (stated.amounts["delivery_fee"].value(), stated.lines.forms[0]["sku"].value()) == (
        "1000", "DSK-ROSE")
    total = re.search(r"<input[^>]*id=\"id_stated-total\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in total and "id_stated-total-unread" in total
    assert 'id="id_stated-total-unread"' in html and 'id="stated-lines-unread"' in html
    phone = re.search(r"<input[^>]*id=\"id_customer_phone\"[^>]*>", html).group(0)
    assert "aria-invalid" not in phone  # what was read is not marked

    data = form_fields(html, "review-form")  # as the browser submits it, with the total
    data["stated-total"] = "21000"
    response = client_operator.post(reverse("desk:review_item", args=[item.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    item.refresh_from_db()
    order = item.order
    assert (order.customer.phone.as_e164, order.delivery_fee, order.total) == (
        "+37491123456", Decimal("1000.00"), Decimal("21000.00"))
    assert order.lines.get().sku == "DSK-ROSE" and "unread" not in item.parsed["extra"]


def test_review_dismiss_needs_a_reason(client_operator):
    item = review_item()
    url = reverse("desk:review_item", args=[item.pk])
    assert client_operator.post(url, {"dismiss": "1", "reason": ""}).status_code == 400
    assert client_operator.post(url, {"dismiss": "1", "reason": "newsletter"}).status_code == 302
    item.refresh_from_db()
    assert item.state == InboundState.IGNORED and item.reason.startswith("newsletter")


def test_leads_outcomes_and_conversion_rate(client_operator, rose):
    from catalog.tests.factories import ProductFactory

    ProductFactory(sku="FB-ROSE-25", price=Decimal("25000"))
    brand = BrandFactory()
    leads = [Lead.objects.create(
        brand=brand, site_number=str(9100 + n), customer=CustomerFactory(),
        details=normalized_order(is_preorder=True, site_number=str(9100 + n), total="25000",
                                 delivery_date=(timezone.localdate() + timedelta(days=1)).isoformat()
                                 ).to_json()) for n in range(3)]

    assert client_operator.post(reverse("desk:lead_complete", args=[leads[0].pk])).status_code == 302
    client_operator.post(reverse("desk:lead_outcome", args=[leads[1].pk]), {"outcome": "not_interested"})
    client_operator.post(reverse("desk:lead_outcome", args=[leads[2].pk]), {"outcome": "unreachable"})

    statuses = [Lead.objects.get(pk=lead.pk).status for lead in leads]
    assert statuses == ["converted", "not_interested", "unreachable"]
    stats = client_operator.get(reverse("desk:leads")).context["stats"]
    assert stats["rate"] == Decimal("33.3") and stats["converted"] == 1 and stats["closed"] == 3


def test_a_lead_missing_details_opens_in_quick_entry(client_operator):
    lead = Lead.objects.create(brand=BrandFactory(), site_number="9200", customer=CustomerFactory(),
                               details=normalized_order(is_preorder=True, site_number="9200",
                                                        delivery_date=None).to_json())
    response = client_operator.post(reverse("desk:lead_complete", args=[lead.pk]))
    assert response.status_code == 302 and response.url.endswith(f"?lead={lead.pk}")
    page = client_operator.get(response.url)
    assert page.context["form"]["site_number"].value() == "9200"


@pytest.mark.parametrize(("channel", "keyed_on"), [(Channel.VIBER, Channel.VIBER),
                                                   (Channel.PREORDER, Channel.PHONE_1)])
def test_a_pre_order_opens_in_quick_entry_on_its_own_channel(client_operator, channel, keyed_on):
    """Issue 17: every pre-order opened as an order defaulted to phone line 1."""
    lead = Lead.objects.create(brand=BrandFactory(), site_number="9201", channel=channel,
                               customer=CustomerFactory(),
                               details=normalized_order(is_preorder=True, site_number="9201",
                                                        channel=channel).to_json())
    page = client_operator.get(reverse("desk:quick"), {"lead": lead.pk})
    assert page.context["form"]["channel"].value() == keyed_on


@pytest.mark.parametrize(("language", "labels"), [
    ("hy", ["Հերթ", "Նոր պատվեր", "Առաքման ամսաթիվ"]),
    ("ru", ["Очередь", "Новый заказ", "Дата доставки"]),
    ("en", ["Queue", "New order", "Delivery date"]),
])
def test_labels_are_in_the_users_language(client, language, labels):
    client.force_login(UserFactory(role="operator", language=language))
    page = client.get(reverse("desk:quick")).content.decode()
    for label in labels:
        assert label in page


def test_timeline_shows_events(client_operator, desk_order):
    OrderEvent.objects.create(order=desk_order, kind="note", message="called the florist")
    page = client_operator.get(reverse("desk:order", args=[desk_order.pk])).content.decode()
    assert "called the florist" in page


def test_the_queue_escapes_what_customers_typed(client_operator, rose):
    make_order(rose, customer=CustomerFactory(name='<script>alert("x")</script>'),
               recipient_name="Ani & Co", site_number='"><b>')
    page = client_operator.get(reverse("desk:queue")).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)" in page
    assert "Ani &amp; Co" in page and "&quot;&gt;&lt;b&gt;" in page


def test_an_edit_of_the_card_text_alone_records_only_that(client_operator, desk_order):
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Asia/Yerevan")
    desk_order.window_start = datetime.combine(desk_order.delivery_date, time(10), tzinfo=zone)
    desk_order.window_end = datetime.combine(desk_order.delivery_date, time(13), tzinfo=zone)
    desk_order.save()
    form = client_operator.get(reverse("desk:order", args=[desk_order.pk])).context["forms"]["edit"]
    data = {name: form[name].value() for name in form.fields}
    data = {key: ("" if value is None else value) for key, value in data.items()}
    data["card_message"] = "New text"

    assert client_operator.post(reverse("desk:order_action", args=[desk_order.pk, "edit"]),
                                data).status_code == 302

    event = OrderEvent.objects.get(order=desk_order, kind="edited")
    assert set(event.after) == {"card_message", "told"}


def test_a_partner_change_too_late_needs_a_person_until_handled(client_operator, desk_order,
                                                                operator_user):
    Order.objects.filter(pk=desk_order.pk).update(
        attention="The partner asked to cancel it after the order was out for delivery.")
    queue = client_operator.get(reverse("desk:queue"), {"needs_person": "on"}).content.decode()
    assert desk_order.number in queue
    page = client_operator.get(reverse("desk:order", args=[desk_order.pk])).content.decode()
    assert 'id="attention"' in page and "asked to cancel it" in page

    response = _post(client_operator, desk_order, "attended", note="called the partner: keep it")
    assert response.status_code == 302
    desk_order.refresh_from_db()
    assert desk_order.attention == ""
    event = desk_order.events.get(kind="edited")
    assert event.actor == operator_user and event.message == "called the partner: keep it"
    queue = client_operator.get(reverse("desk:queue"), {"needs_person": "on"}).content.decode()
    assert desk_order.number not in queue


def test_the_filter_bar_follows_brand_and_courier_changes_at_once(client_operator, courier):
    """Its choices are cached; saving or deleting a brand or courier drops the cache."""
    url = reverse("desk:queue")
    assert "Vahe (own courier)" in client_operator.get(url).content.decode()
    brand = BrandFactory(name="Tulips & Co")
    courier.is_active = False
    courier.save()
    text = client_operator.get(url).content.decode()
    assert "Tulips &amp; Co" in text and "Vahe (own courier)" not in text
    assert client_operator.get(url, {"brand": brand.pk}).context["filter"].form.is_valid()
    brand.delete()
    assert "Tulips" not in client_operator.get(url).content.decode()
