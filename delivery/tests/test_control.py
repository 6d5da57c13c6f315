"""The next-morning control list: built at 08:00 Yerevan (clock frozen), once; owners; every
resolution (the customer e-mailed once, in their language); escalation; the counts."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import OutboxMessage
from core.tests.factories import UserFactory
from delivery.control import services
from delivery.control.selectors import control_counts, control_items
from delivery.control.services import (
    ControlError,
    control_escalate,
    control_list_build,
    control_resolve,
)
from delivery.domain_events import ControlResolved
from delivery.models import ControlItem, DeliveryAttempt
from delivery.services import courier_assign, delivery_dispatch, delivery_finish
from delivery.tests.factories import CourierFactory
from orders.models import Order, Status
from orders.services import order_confirm_call
from orders.tests.factories import CustomerFactory, OrderFactory
from tests.events import heard

pytestmark = pytest.mark.django_db
YEREVAN = ZoneInfo("Asia/Yerevan")
DAY = timezone.localdate()  # the morning of the control
YESTERDAY = DAY - timedelta(days=1)


def at(day, hour, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=YEREVAN)


@pytest.fixture
def clock():
    with time_machine.travel(at(YESTERDAY, 9), tick=False) as traveller:
        yield traveller


def order(status=Status.ASSEMBLING, day=YESTERDAY, **fields):
    fields.setdefault("customer", CustomerFactory(language="ru", email="ani@example.am"))
    return OrderFactory(status=status, delivery_date=day, **fields)


def failed_order(courier=None, **fields):
    placed = order(**fields)
    courier_assign(order_id=placed.pk, courier_id=(courier or CourierFactory()).pk)
    attempt = delivery_dispatch(order_id=placed.pk)
    delivery_finish(attempt_id=attempt.pk, delivered=False,
                    failure_reason=DeliveryAttempt.FailureReason.RECIPIENT_ABSENT,
                    note="nobody home, neighbours away")
    return placed


def test_the_list_at_eight_has_every_open_order_of_a_past_day_once(clock):
    ana, aram = UserFactory(role="operator"), UserFactory(role="operator")
    confirmed = order(status=Status.NEW)
    order_confirm_call(order_id=confirmed.pk, reached=True, actor=aram)
    failed = failed_order()
    assembling = order()
    on_road = order()
    courier_assign(order_id=on_road.pk, courier_id=CourierFactory().pk)
    delivery_dispatch(order_id=on_road.pk)
    never_confirmed = order(status=Status.NEW)
    order(status=Status.DELIVERED)
    order(status=Status.CANCELLED)
    order(day=DAY)  # today's: not yet due
    clock.move_to(at(DAY, 8))

    control_list_build()

    items = {item.order_id: item for item in ControlItem.objects.all()}
    assert set(items) == {confirmed.pk, failed.pk, assembling.pk, on_road.pk, never_confirmed.pk}
    assert items[failed.pk].reason == ControlItem.Reason.FAILED
    assert items[failed.pk].failure_reason == "recipient_absent"
    assert items[failed.pk].courier_note == "nobody home, neighbours away"
    assert items[assembling.pk].reason == ControlItem.Reason.NOT_DELIVERED
    # The operator who confirmed it owns it; the rest are spread across the operators.
    assert items[confirmed.pk].owner == aram
    spread = [items[pk].owner for pk in sorted(items) if pk != confirmed.pk]
    assert {ana, aram} == set(spread) and abs(spread.count(ana) - spread.count(aram)) <= 1
    for item in items.values():
        assert item.day == DAY
        assert item.deadline == at(DAY, 12)

    # Idempotent: again (a second beat, a manual run) builds the same list.
    control_list_build()
    control_list_build()
    assert ControlItem.objects.count() == 5


def test_an_inactive_confirmer_does_not_own_and_no_operator_leaves_it_unowned(clock):
    gone = UserFactory(role="operator")
    placed = order(status=Status.NEW)
    order_confirm_call(order_id=placed.pk, reached=True, actor=gone)
    gone.is_active = False
    gone.save()
    clock.move_to(at(DAY, 8))
    control_list_build()
    assert ControlItem.objects.get().owner is None


def test_an_item_built_after_the_deadline_hour_is_due_the_next_day(clock):
    order()
    clock.move_to(at(DAY, 14))
    control_list_build()
    assert ControlItem.objects.get().deadline == at(DAY + timedelta(days=1), 12)


def test_a_resolved_order_is_not_put_back_the_same_day_but_is_the_next(clock):
    placed = failed_order()
    clock.move_to(at(DAY, 8))
    control_list_build()
    item = ControlItem.objects.get()
    ControlItem.objects.filter(pk=item.pk).update(
        resolved_at=at(DAY, 9), resolution="cancelled", contact="emailed")
    control_list_build()
    assert ControlItem.objects.count() == 1
    clock.move_to(at(DAY + timedelta(days=1), 8))
    control_list_build()
    assert ControlItem.objects.filter(order=placed, resolved_at__isnull=True).count() == 1


def test_one_open_item_per_order_is_a_database_rule(clock):
    placed = order()
    ControlItem.objects.create(order=placed, day=DAY, deadline=at(DAY, 12), reason="failed")
    with pytest.raises(IntegrityError), transaction.atomic():
        ControlItem.objects.create(order=placed, day=DAY, deadline=at(DAY, 12), reason="failed")


def test_every_detector_in_sources_adds_items_with_its_reason(clock, monkeypatch):
    parcel = order(day=DAY + timedelta(days=3))  # not past due: a stalled parcel
    monkeypatch.setattr(services, "SOURCES", [*services.SOURCES[:2], (
        lambda now: [parcel.pk], ControlItem.Reason.STALLED_PARCEL)])
    clock.move_to(at(DAY, 8))
    control_list_build()
    assert ControlItem.objects.get().reason == ControlItem.Reason.STALLED_PARCEL


# --- resolutions ---

def built(clock, placed=None):
    placed = placed or failed_order()
    clock.move_to(at(DAY, 8))
    control_list_build()
    clock.move_to(at(DAY, 9, 30))
    return placed, ControlItem.objects.get(order=placed)


def control_mail(placed):
    return list(OutboxMessage.objects.filter(about=f"order:{placed.pk}", kind="control_resolved"))


@pytest.fixture
def told():
    with heard(ControlResolved) as got:
        yield got


def assert_resolved(item, placed, told, resolution, actor):
    item.refresh_from_db()
    assert (item.resolution, item.resolved_by, item.resolved_at) == (resolution, actor,
                                                                     at(DAY, 9, 30))
    mails = control_mail(placed)
    assert len(mails) == 1 and mails[0].event == f"control:{item.pk}"
    assert mails[0].payload["language"] == "ru"
    assert "We are sorry" in mails[0].payload["body"]
    assert told == [ControlResolved(order_id=placed.pk, item_id=item.pk, resolution=resolution,
                                    contact=item.contact, note="We are sorry.")]


def test_delivered_after_all(clock, operator_user, told):
    placed, item = built(clock)
    control_resolve(item_id=item.pk, resolution="delivered_late", contact="called_reached",
                    note="We are sorry.", actor=operator_user, delivered_at=at(YESTERDAY, 19),
                    received_by="the neighbour")
    placed.refresh_from_db()
    assert placed.status == Status.DELIVERED
    assert placed.attempts.last().received_by == "the neighbour"
    assert_resolved(item, placed, told, "delivered_late", operator_user)


def test_sent_again_after_a_failure(clock, operator_user, told):
    placed, item = built(clock)
    courier = CourierFactory()
    control_resolve(item_id=item.pk, resolution="sent_again", contact="called_reached",
                    note="We are sorry.", actor=operator_user, courier_id=courier.pk,
                    delivery_date=DAY, window_start=at(DAY, 16), window_end=at(DAY, 19))
    placed.refresh_from_db()
    assert (placed.status, placed.delivery_date, placed.window_start) == (
        Status.ASSEMBLING, DAY, at(DAY, 16))
    assert placed.assignment.courier == courier
    assert_resolved(item, placed, told, "sent_again", operator_user)


def test_sent_again_when_it_never_left(clock, operator_user, told):
    placed, item = built(clock, order(status=Status.CONFIRMED))
    courier = CourierFactory()
    control_resolve(item_id=item.pk, resolution="sent_again", contact="emailed",
                    note="We are sorry.", actor=operator_user, courier_id=courier.pk,
                    delivery_date=DAY + timedelta(days=1))
    placed.refresh_from_db()
    assert (placed.status, placed.delivery_date) == (Status.CONFIRMED, DAY + timedelta(days=1))
    assert placed.assignment.courier == courier
    assert_resolved(item, placed, told, "sent_again", operator_user)


def test_sent_again_is_refused_while_it_is_on_the_road(clock, operator_user):
    placed = order()
    courier_assign(order_id=placed.pk, courier_id=CourierFactory().pk)
    delivery_dispatch(order_id=placed.pk)
    placed, item = built(clock, placed)
    with pytest.raises(ControlError):
        control_resolve(item_id=item.pk, resolution="sent_again", contact="emailed",
                        note="We are sorry.", actor=operator_user, delivery_date=DAY)
    item.refresh_from_db()
    assert item.is_open and control_mail(placed) == []


@pytest.mark.parametrize("resolution", ["refunded", "cancelled"])
def test_refunded_or_cancelled_with_a_reason(clock, operator_user, told, resolution):
    placed, item = built(clock)
    control_resolve(item_id=item.pk, resolution=resolution, contact="called_not_reached",
                    note="We are sorry.", actor=operator_user, reason="customer changed plans")
    placed.refresh_from_db()
    assert placed.status == Status.CANCELLED
    cancel = placed.events.filter(after__status="cancelled").get()
    assert "customer changed plans" in cancel.message
    assert ("refunded" in cancel.message) == (resolution == "refunded")
    assert_resolved(item, placed, told, resolution, operator_user)


@pytest.mark.parametrize("fields", [
    {"resolution": "cancelled", "reason": ""},            # no reason
    {"resolution": "lost", "reason": "x"},                # unknown resolution
    {"resolution": "", "reason": "x"},                    # none (not left to the database)
    {"resolution": "refunded", "contact": ""},            # no contact
    {"resolution": "refunded", "contact": "pigeon"},      # unknown contact
    {"resolution": "refunded", "note": "  "},             # nothing for the customer
    {"resolution": "refunded", "note": "x" * 2001},       # too long
    {"resolution": "delivered_late"},                     # when?
    {"resolution": "sent_again"},                         # which day?
])
def test_a_resolution_missing_what_it_needs_is_refused(clock, operator_user, fields):
    placed, item = built(clock)
    arguments = {"contact": "emailed", "note": "We are sorry."} | fields
    with pytest.raises(ControlError):
        control_resolve(item_id=item.pk, actor=operator_user, **arguments)
    item.refresh_from_db()
    placed.refresh_from_db()
    assert item.is_open and placed.status == Status.FAILED and control_mail(placed) == []


def test_an_item_is_resolved_once(clock, operator_user):
    placed, item = built(clock)
    control_resolve(item_id=item.pk, resolution="refunded", contact="emailed",
                    note="We are sorry.", actor=operator_user)
    with pytest.raises(ControlError):
        control_resolve(item_id=item.pk, resolution="refunded", contact="emailed",
                        note="We are sorry.", actor=operator_user)
    assert len(control_mail(placed)) == 1


def test_a_customer_without_email_gets_none_but_the_item_is_resolved(clock, operator_user):
    placed, item = built(clock, failed_order(customer=CustomerFactory(email="")))
    control_resolve(item_id=item.pk, resolution="cancelled", contact="called_reached",
                    note="We are sorry.", actor=operator_user, reason="wrong address")
    item.refresh_from_db()
    assert not item.is_open and control_mail(placed) == []


# --- escalation and counts ---

def test_items_past_their_deadline_are_escalated_once(clock):
    order()
    order()
    clock.move_to(at(DAY, 8))
    control_list_build()
    assert control_escalate() == 0
    assert control_counts() == {"open": 2, "overdue": 0}
    clock.move_to(at(DAY, 12, 1))
    assert control_escalate() == 2
    assert control_escalate() == 0
    assert set(ControlItem.objects.values_list("escalated_at", flat=True)) == {at(DAY, 12, 1)}
    assert control_counts() == {"open": 2, "overdue": 2}
    assert control_items(show="overdue").count() == 2


def test_resolved_items_are_not_escalated_nor_counted(clock, operator_user):
    placed, item = built(clock)
    control_resolve(item_id=item.pk, resolution="refunded", contact="emailed",
                    note="We are sorry.", actor=operator_user)
    clock.move_to(at(DAY, 13))
    assert control_escalate() == 0
    assert control_counts() == {"open": 0, "overdue": 0}


def test_mine_shows_my_items(clock):
    ana, aram = UserFactory(role="operator"), UserFactory(role="operator")
    order()
    order()
    clock.move_to(at(DAY, 8))
    control_list_build()
    assert [item.owner for item in control_items(show="mine", user=ana)] == [ana]
    assert control_items(show="all").count() == 2
    assert aram in {item.owner for item in control_items()}


def test_the_tasks_are_thin(clock):
    from delivery.tasks import control_escalate as escalate_task
    from delivery.tasks import control_list_build as build_task

    order()
    clock.move_to(at(DAY, 8))
    assert build_task.apply().get() == 1
    clock.move_to(at(DAY, 12))
    assert escalate_task.apply().get() == 1
    assert Order.objects.count() == 1


def test_the_timeline_says_it_in_the_readers_language(clock, operator_user):
    from django.utils import translation

    from orders.timeline import event_sentence

    placed, item = built(clock)
    control_resolve(item_id=item.pk, resolution="refunded", contact="called_not_reached",
                    note="We are sorry.", actor=operator_user)
    event = placed.events.filter(after__control=item.pk).get()
    with translation.override("en"):
        assert event_sentence(event) == ("Next-morning control: refunded; "
                                         "customer called, not reached.")


def test_an_order_closed_meanwhile_is_resolved_as_it_is(clock, operator_user):
    placed, item = built(clock)
    Order.objects.filter(pk=placed.pk).update(status=Status.DELIVERED)  # the courier's report
    with pytest.raises(ControlError):
        control_resolve(item_id=item.pk, resolution="cancelled", contact="emailed",
                        note="We are sorry.", actor=operator_user, reason="too late")
    control_resolve(item_id=item.pk, resolution="delivered_late", contact="emailed",
                    note="We are sorry.", actor=operator_user)
    item.refresh_from_db()
    assert not item.is_open and len(control_mail(placed)) == 1


def test_beat_builds_the_list_at_eight_yerevan_and_escalates_every_quarter_hour(settings):
    from celery import current_app

    import delivery.tasks  # noqa: F401 (registers the tasks)

    build = settings.CELERY_BEAT_SCHEDULE["control-list-build"]
    escalate = settings.CELERY_BEAT_SCHEDULE["control-escalate"]
    assert build["schedule"].hour == {8} and build["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == "Asia/Yerevan"
    assert escalate["schedule"] == timedelta(minutes=15)
    assert {build["task"], escalate["task"]} <= set(current_app.tasks)
