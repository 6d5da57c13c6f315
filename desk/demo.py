"""Demo data for `make run` and screenshots: idempotent, built through the real services."""

from __future__ import annotations

import random
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from catalog.demo_products import ADDON_RULES, BRAND_CATEGORIES, LOCATIONS, PRODUCTS, PROMOTIONS
from catalog.exceptions import OutOfStock
from catalog.models import AddOnRule, Category, Location, Product, PromoCode, Promotion, StockItem
from channels_intake.demo import demo_mail_sources, demo_support_mailbox
from channels_intake.feeds.demo import feeds_demo_seed
from core.roles import ADMIN, MANAGER, OPERATOR
from customers.services import customer_question_ask
from delivery import services as delivery_services
from delivery.control.services import control_list_build
from delivery.models import BrandPhotoPolicy, Courier, DeliveryAttempt
from delivery.rollup import rollup_rebuild
from inquiries.demo import inquiries_demo_seed
from inquiries.models import Inquiry
from orders import events as order_events
from orders import services as order_services
from orders.models import Brand, Channel, Order, OrderEvent, Partner, Status
from orders.normalized import Item, NormalizedOrder, Party

from .demo_mail import demo_mail_seed

SYSTEM = "seed_demo"
# Why the demo cancels an order, said on the timeline in the reader's language (desk.apps).
CHANGED_MIND = "demo_changed_mind"
DEMO_USERS = [  # username, password, role, first name, language
    ("operator", "operator", OPERATOR, "Anna", "hy"),
    ("operator2", "operator2", OPERATOR, "Olga", "ru"),
    ("manager", "manager", MANAGER, "Mariam", "en"),
    ("admin", "admin", ADMIN, "Armen", "en"),
]
BRANDS = [("flowers", "RG Flowers", "rgflowers.am"), ("gifts", "RG Gifts", "rggifts.am"),
          ("sweets", "RG Sweets", "rgsweets.am")]
PARTNERS = [("menu-am", "menu.am", "sweets"), ("flowwow", "Flowwow", "flowers"),
            ("buy-am", "buy.am", "gifts"), ("sas-am", "sas.am", "gifts"),
            ("worldwide", "Worldwide Flowers Relay", "flowers")]
FIRST = ["Ani", "Narek", "Mariam", "Tigran", "Lilit", "Aram", "Gayane", "Davit", "Sona", "Hayk",
         "Elena", "Sergey", "Anahit", "Vardan", "Nune", "Karen", "Lusine", "Gor", "Irina", "Artur"]
LAST = ["Grigoryan", "Petrosyan", "Hakobyan", "Sargsyan", "Harutyunyan", "Avetisyan",
        "Mkrtchyan", "Karapetyan", "Vardanyan", "Ivanova"]
STREETS = ["Baghramyan 3", "Abovyan 12", "Tumanyan 8", "Mashtots 21", "Saryan 14",
           "Komitas 45", "Arshakunyats 2", "Teryan 60", "Pushkin 7", "Nalbandyan 33"]
CITIES = ["Yerevan"] * 8 + ["Gyumri", "Vanadzor", "Abovyan"]
WINDOWS = ["10:00-13:00", "13:00-16:00", "16:00-19:00", "19:00-21:00", ""]
PREFIXES = ["91", "93", "94", "95", "96", "98", "99", "77", "55", "41"]


def seed(*, orders: int = 200, stdout=None) -> dict[str, int]:
    """Create what is missing; a second run adds nothing. Returns counts of what exists."""
    say = stdout.write if stdout else (lambda _msg: None)
    rng = random.Random(20261123)
    with transaction.atomic():
        brands = _brands()
        _users()
        _catalog(brands)
        _couriers()
        _partners(brands)
        mailbox = demo_mail_sources()
        demo_support_mailbox()
        feeds_demo_seed()
        inquiries_demo_seed()  # inq
    if mails := demo_mail_seed(mailbox):
        say(f"demo: {mails} e-mails read (an order, a pre-order, review items, one ignored)\n")
    if not OrderEvent.objects.filter(system=SYSTEM).exists():
        made = _orders(rng, orders)
        say(f"demo: {made} orders and leads created\n")
    with transaction.atomic():
        _delivery_follow_up(brands)
    rollup_rebuild()  # the dashboard's figures of the history just written
    return {"orders": Order.objects.count(), "products": Product.objects.count()}


def _brands() -> dict[str, Brand]:
    brands = {}
    for code, name, domain in BRANDS:
        brands[code], _ = Brand.objects.update_or_create(
            code=code, defaults={"name": name, "site_domain": domain, "email": f"orders@{domain}"}
        )
    return brands


def _users() -> None:
    User = get_user_model()
    for username, password, role, first_name, language in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "language": language,
                      "is_staff": role in (MANAGER, ADMIN), "is_superuser": role == ADMIN},
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=role))


def _catalog(brands: dict[str, Brand]) -> None:
    locations = [
        Location.objects.update_or_create(name_en=en, defaults={
            "name_ru": ru, "name_hy": hy, "kind": kind, "priority": prio})[0]
        for en, ru, hy, kind, prio in LOCATIONS
    ]
    categories = {category.code: category for category in Category.objects.all()}
    for code, rows in PRODUCTS.items():
        for index, (sku, en, ru, hy, price) in enumerate(rows):
            product, created = Product.objects.get_or_create(
                sku=sku, defaults={"name_en": en, "name_ru": ru, "name_hy": hy,
                                   "category": categories[code], "price": Decimal(price)},
            )
            if created:
                product.brands.set([brands[b] for b, cats in BRAND_CATEGORIES.items() if code in cats])
                for location, on_hand in zip(locations, (12 + index * 3, 60, 25 if index % 2 else 0),
                                             strict=True):
                    StockItem.objects.create(product=product, location=location, on_hand=on_hand)
    products = {product.sku: product for product in Product.objects.all()}
    for position, (category, sku, festive) in enumerate(ADDON_RULES):
        AddOnRule.objects.get_or_create(category=categories[category], addon=products[sku],
                                        defaults={"is_festive": festive, "position": position})
    now = timezone.now()
    for names, texts, kind, value, code, max_uses, days in PROMOTIONS:
        promotion, _ = Promotion.objects.get_or_create(
            name_en=names[0], defaults={"kind": kind, "value": Decimal(value),
                                        "valid_from": now - timedelta(days=90),
                                        "valid_until": now + timedelta(days=days)},
        )
        _set_texts(promotion, names=names, descriptions=texts)
        PromoCode.objects.get_or_create(code=code, defaults={"promotion": promotion,
                                                             "max_uses": max_uses})


def _set_texts(row, *, names, descriptions) -> None:
    """(en, ru, hy) names and descriptions on a row made by an earlier, English-only seed."""
    for field, texts in (("name", names), ("description", descriptions)):
        for language, text in zip(("en", "ru", "hy"), texts, strict=True):
            setattr(row, f"{field}_{language}", text)
    row.save()


def _couriers() -> None:
    for name, kind, company, phone in [
        ("Vahe", "own", "", "+37491555101"), ("Samvel", "own", "", "+37493555102"),
        ("Edgar", "own", "", "+37494555103"), ("Yandex Delivery", "third_party", "Yandex", ""),
        ("GG Delivery", "third_party", "GG", ""), ("HayPost", "post", "HayPost", ""),
    ]:
        Courier.objects.get_or_create(name=name, defaults={"kind": kind, "company": company,
                                                           "phone": phone})


def _delivery_follow_up(brands: dict[str, Brand]) -> None:
    """What the morning after brings: this morning's control list (the beat task builds it at
    CONTROL_LIST_HOUR), photos switched on for the flowers brand, and a customer's question
    about a failed order, as the status page sends it."""
    BrandPhotoPolicy.objects.get_or_create(brand=brands["flowers"], defaults={
        "bouquet_photos": True, "door_photos": True})
    control_list_build()
    failed = Order.objects.filter(status=Status.FAILED).order_by("pk").first()
    if failed is not None and not Inquiry.objects.filter(order=failed).exists():
        customer_question_ask(order_id=failed.pk, language="en",
                              text="The courier did not find me. Can you bring it tomorrow morning?")


def _partners(brands: dict[str, Brand]) -> None:
    for code, name, brand in PARTNERS:
        Partner.objects.get_or_create(code=code, defaults={"name": name, "brand": brands[brand]})


def _orders(rng: random.Random, count: int) -> int:
    products = list(Product.objects.filter(is_active=True).select_related("category"))
    partners = list(Partner.objects.all())
    couriers = list(Courier.objects.all())
    people = [(f"{rng.choice(FIRST)} {rng.choice(LAST)}",
               f"+374{rng.choice(PREFIXES)}{rng.randint(100000, 999999)}") for _ in range(60)]
    today = timezone.localdate()
    channels = [c for c in Channel.values if c != Channel.PREORDER]
    made = 0
    for index in range(count):
        channel = rng.choice(channels)
        days_ago = rng.randint(0, 29)
        lead_time = rng.choice([0, 0, 1, 1, 2, 3])
        delivery = today - timedelta(days=days_ago) + timedelta(days=lead_time)
        is_preorder = index % 25 == 0
        normalized = _normalized(rng, index, channel, delivery, people, products, partners,
                                 is_preorder)
        try:
            result = order_services.intake(normalized=normalized, source=SYSTEM)
        except Exception:  # noqa: BLE001 - demo data must never stop `make run`
            continue
        made += 1
        created = timezone.now() - timedelta(days=days_ago, hours=rng.randint(1, 20))
        if delivery < today:  # a past delivery was ordered before its day's work began
            created = min(created, timezone.make_aware(datetime.combine(delivery, time(8)))
                          - timedelta(minutes=rng.randint(30, 720)))
        if result.order is None:
            type(result.lead).objects.filter(pk=result.lead.pk).update(created_at=created)
            continue
        Order.objects.filter(pk=result.order.pk).update(created_at=created)
        OrderEvent.objects.filter(order=result.order).update(created_at=created)
        _advance(rng, result.order, delivery, today, couriers, created)
    return made


def _normalized(rng, index, channel, delivery, people, products, partners, is_preorder):
    name, phone = rng.choice(people)
    recipient_name, recipient_phone = rng.choice(people)
    chosen = rng.sample(products, k=rng.choice([1, 1, 1, 2, 2, 3]))
    partner = rng.choice(partners) if channel in ("partner_app", "partner_email", "partner_api") else None
    brand = "" if partner else rng.choice(["flowers", "gifts", "sweets"])
    items = tuple(Item(sku=p.sku, quantity=rng.choice([1, 1, 1, 2])) for p in chosen)
    if index % 17 == 3:  # something the catalog does not know: the order waits for a person
        items += (Item(name="Custom ribbon with a name", quantity=1, unit_price="2500"),)
    return NormalizedOrder(
        channel=Channel.PREORDER if is_preorder else channel, brand=brand,
        site_number=f"{9000 + index}" if channel == "website" or is_preorder else "",
        is_preorder=is_preorder,
        partner=partner.code if partner else "",
        partner_order_id=f"{partner.code.upper()}-{50000 + index}" if partner else "",
        customer=Party(name=name, phone=phone, email=f"customer{index % 60}@example.am",
                       language=rng.choice(["hy", "hy", "ru", "en"])),
        recipient=Party(name=recipient_name, phone=recipient_phone,
                        address=f"{rng.choice(CITIES)}, {rng.choice(STREETS)}"),
        items=items, delivery_date=delivery, window=rng.choice(WINDOWS) or None,
        card_message=rng.choice(["", "With love!", "Շնորհավոր ծնունդդ", "С днём рождения!"]),
        is_anonymous=rng.random() < 0.1, payment_method=rng.choice(["card", "cash", "idram",
                                                                     "bank_transfer"]),
        is_paid=not is_preorder and rng.random() < 0.7,
        delivery_fee="1000" if rng.random() < 0.5 else None,
    )


def _advance(rng, order, delivery, today, couriers, created) -> None:
    """Walk the order through the real state machine, as far as its delivery date makes sense.
    Each step's timeline events are dated at the moment the step describes (confirmed within
    the hour or two after arrival; a past delivery's dispatch and outcome on its own day),
    never later than now: the timeline reads as a history, not as the moment of the seed."""
    now = timezone.now()
    moments = _Moments(order, created, now)
    try:
        if delivery < today:
            target = rng.choices(["delivered", "failed", "cancelled"], weights=[88, 4, 8])[0]
        elif delivery == today:
            target = rng.choice(["new", "awaiting", "confirmed", "assembling", "out", "delivered"])
        else:
            target = rng.choice(["new", "new", "awaiting", "confirmed", "cancelled"])
        if target == "new":
            return
        called = created + timedelta(minutes=rng.randint(10, 90))
        if target == "cancelled":
            with moments.at(called + timedelta(minutes=rng.randint(0, 240))):
                order_services.order_move(order_id=order.pk, to=Status.CANCELLED, system=SYSTEM,
                                          said=order_events.phrase(CHANGED_MIND))
            return
        if target == "awaiting":
            with moments.at(called):
                order_services.order_move(order_id=order.pk, to=Status.AWAITING_CUSTOMER,
                                          system=SYSTEM)
            return
        with moments.at(called):
            order_services.order_move(order_id=order.pk, to=Status.CONFIRMED, system=SYSTEM)
        if target == "confirmed":
            return
        arrived = _arrival(rng, order, delivery) if delivery < today else now
        with moments.at(arrived - timedelta(hours=2)):
            order_services.order_move(order_id=order.pk, to=Status.ASSEMBLING, system=SYSTEM)
            delivery_services.courier_assign(order_id=order.pk,
                                             courier_id=rng.choice(couriers).pk)
        if target == "assembling":
            return
        # A parcel service leaves only with its tracking number (a made-up, stable one here).
        with moments.at(arrived - timedelta(hours=1)):
            attempt = delivery_services.delivery_dispatch(order_id=order.pk,
                                                          tracking_number=f"DEMO{order.pk:08d}")
        if target == "out":
            return
        with moments.at(arrived):
            delivery_services.delivery_finish(
                attempt_id=attempt.pk, delivered=target == "delivered",
                failure_reason="" if target == "delivered"
                else DeliveryAttempt.FailureReason.RECIPIENT_ABSENT,
            )
        if delivery < today:  # history: the courier was out on the order's own day
            DeliveryAttempt.objects.filter(pk=attempt.pk).update(
                started_at=arrived - timedelta(hours=1), finished_at=arrived)
    except OutOfStock:
        return  # the demo stock ran out: this one stays where it is, like in real life


class _Moments:
    """Dates the timeline events a step writes at the moment it describes: after the previous
    step's, never in the future. Only the dates: the events are the services' own."""

    def __init__(self, order, created, now):
        self.order, self.last, self.now = order, created, now

    @contextmanager
    def at(self, moment):
        newest = self.order.events.order_by("-pk").values_list("pk", flat=True).first() or 0
        yield
        self.last = min(max(moment, self.last), self.now)
        OrderEvent.objects.filter(order=self.order, pk__gt=newest).update(created_at=self.last)


def _arrival(rng, order, delivery):
    """When a past delivery arrived on its day: most within the window (by 18:00 without one),
    about one in ten half an hour after it, so the managers' dashboard has a story."""
    order.refresh_from_db(fields=["window_end"])
    end = order.window_end or timezone.make_aware(datetime.combine(delivery, time(18)))
    return end + timedelta(minutes=30 if rng.random() < 0.1 else -rng.randint(15, 150))
