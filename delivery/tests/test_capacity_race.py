"""50 bookers at once for a window with one place left (issue 20), each on its own database
connection: 20 e-mails through the intake door, 20 operators keying quick entry, 10 partner API
calls. Exactly one takes the place; the e-mails are kept and marked over capacity, the others
are refused as full; the ledger never counts a place twice."""

import itertools
import json
import threading
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.tests.factories import ProductFactory
from channels_intake.tests.conftest import api_client, order_body
from channels_intake.tests.factories import PartnerFactory, partner_key
from core.tests.factories import UserFactory
from delivery.models import Booking
from orders import capacity
from orders import services as order_services
from orders.models import Order
from orders.tests.factories import BrandFactory
from tests.concurrency import at_once

from .capacity_data import ADDRESS, day_after_tomorrow, email_order, limited_zone

EMAILS, OPERATORS, API_CALLS = 20, 20, 10


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_bookers_for_the_last_place_one_takes_it(postgres_only, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    BrandFactory(code="flowers")
    ProductFactory(sku="FB-ROSE-25", price=Decimal("25000"))
    limited_zone(1)
    operator = UserFactory(role="operator", username="racer")
    _partner, key = partner_key(PartnerFactory(code="flowwow"))
    jobs = ([("email", n) for n in range(EMAILS)] + [("desk", n) for n in range(OPERATORS)]
            + [("api", n) for n in range(API_CALLS)])
    pick, lock = itertools.count(), threading.Lock()

    def book():
        with lock:
            kind, n = jobs[next(pick)]
        if kind == "email":
            return kind, order_services.intake(normalized=email_order(n), source="mailbox").outcome
        if kind == "desk":
            ask = capacity.Ask(capacity.REFUSE, actor=operator)
            return kind, order_services.intake(normalized=email_order(100 + n, channel="phone_1"),
                                source="desk", actor=operator, ask=ask).outcome
        body = order_body(partner_order_id=f"RACE-{n}")
        body["recipient"]["address"] = ADDRESS
        body["delivery"] = {"date": day_after_tomorrow().isoformat(), "window": "10:00-13:00"}
        answer = api_client(key).post("/api/v1/orders/", json.dumps(body),
                                      content_type="application/json")
        return kind, {201: "order", 409: "full"}.get(answer.status_code, answer.status_code)

    results = at_once(len(jobs), book)

    taken = Booking.objects.filter(over_capacity=False, slot__isnull=False)
    assert taken.count() == 1  # exactly one booker took the last place
    winner = taken.get().order
    emails_over = Order.objects.filter(over_capacity=True).count()
    refused = sum(outcome == "full" for _kind, outcome in results)
    # Every e-mail is kept; the ones that came too late are marked for a person.
    assert sum(kind == "email" and outcome == "order" for kind, outcome in results) == EMAILS
    winner_was_email = winner.channel == "website"
    assert emails_over == EMAILS - winner_was_email
    assert refused == OPERATORS + API_CALLS - (not winner_was_email)
    # Every order stored holds one row of the ledger, none twice (the unique order column).
    assert Booking.objects.count() == Order.objects.count() == EMAILS + (not winner_was_email)
