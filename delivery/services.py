"""Handing orders to couriers and recording what happened on the road."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import events
from orders import events as order_events
from orders.models import Order, Status
from orders.rules import Action, allows
from orders.services import order_bump, order_edit, order_lock, order_move

from .domain_events import ParcelHanded
from .exceptions import DeliveryError
from .models import Assignment, Courier, DeliveryAttempt
from .tracking.selectors import tracking_url

# Couriers that hand the order to someone else's network: the order is followed by its
# tracking (declaration) number, required when it leaves.
PARCEL_KINDS = (Courier.Kind.THIRD_PARTY, Courier.Kind.POST)


@transaction.atomic
def courier_assign(*, order_id: int, courier_id: int, actor=None,
                   expected_version: int | None = None) -> Assignment:
    """Make `courier` responsible for the order (replacing whoever was), before it leaves."""
    order = order_lock(order_id=order_id, expected_version=expected_version)
    if not allows(order.status, Action.COURIER):
        raise DeliveryError(_("Order %(number)s is %(status)s: its courier cannot change now.")
                            % {"number": order.number, "status": order.get_status_display()})
    courier = Courier.objects.get(pk=courier_id, is_active=True)
    previous = Assignment.objects.filter(order=order).select_related("courier").first()
    assignment, _created = Assignment.objects.update_or_create(
        order=order, defaults={"courier": courier, "assigned_by": actor,
                               "assigned_at": timezone.now()},
    )
    order_bump(order)
    order_events.courier_assigned(order=order, courier=str(courier), actor=actor,
                                  previous=str(previous.courier) if previous else "")
    return assignment


@transaction.atomic
def delivery_dispatch(*, order_id: int, actor=None, tracking_number: str = "",
                      expected_version: int | None = None) -> DeliveryAttempt:
    """The assigned courier leaves with the order: a new attempt, the order out for delivery."""
    order = order_lock(order_id=order_id, expected_version=expected_version)
    assignment = (Assignment.objects.filter(order=order)
                  .select_related("courier__carrier").first())
    if assignment is None:
        raise DeliveryError(_("Assign a courier to order %(number)s first.")
                            % {"number": order.number})
    courier, tracking_number = assignment.courier, " ".join(tracking_number.split())
    if len(tracking_number) > DeliveryAttempt._meta.get_field("tracking_number").max_length:
        raise DeliveryError(_("A tracking number is at most 80 characters."))
    if courier.kind in PARCEL_KINDS and not tracking_number:
        raise DeliveryError(_("%(courier)s needs the tracking number of order %(number)s.")
                            % {"courier": courier, "number": order.number})
    order_move(order_id=order.pk, to=Status.OUT_FOR_DELIVERY, actor=actor)
    attempt = DeliveryAttempt.objects.create(order=order, courier=courier,
                                             tracking_number=tracking_number)
    order_events.delivery_attempt(order=order, outcome=DeliveryAttempt.Status.IN_PROGRESS,
                                  detail=" · ".join(filter(None, [str(courier), tracking_number])),
                                  actor=actor)
    if courier.kind in PARCEL_KINDS:
        carrier = courier.carrier.name if courier.carrier_id else courier.company or courier.name
        events.publish(ParcelHanded(order_id=order.pk, tracking_number=tracking_number,
                                    carrier=carrier, tracking_url=tracking_url(attempt)))
    return attempt


def _delivered_when(attempt_started: datetime | None, delivered_at: datetime | None) -> datetime:
    """When it was delivered: now unless a late report says earlier; never in the future, never
    before the courier left with it."""
    now = timezone.now()
    when = delivered_at or now
    if timezone.is_naive(when):
        raise DeliveryError(_("Say when it was delivered, with its time zone."))
    if when > now:
        raise DeliveryError(_("A delivery cannot be recorded in the future."))
    if attempt_started is not None and when < attempt_started:
        raise DeliveryError(_("It cannot have been delivered before the courier left with it."))
    return when


def failure_check(failure_reason: str, note: str) -> None:
    """The one rule of a failed attempt's reason, for the service and the forms: a known
    reason, and a note when it is "other". Raises DeliveryError saying which."""
    if failure_reason not in DeliveryAttempt.FailureReason.values:
        raise DeliveryError(_("Say why the delivery failed."))
    if failure_reason == DeliveryAttempt.FailureReason.OTHER and not (note or "").strip():
        raise DeliveryError(_("Say what happened: the reason is “other”."))


@transaction.atomic
def delivery_finish(*, attempt_id: int, delivered: bool, failure_reason: str = "",
                    note: str = "", actor=None, system: str = "",
                    delivered_at: datetime | None = None, received_by: str = "",
                    said: dict | list | None = None) -> DeliveryAttempt:
    """Record the outcome of an attempt on the road: delivered (when, and to whom when not the
    recipient), or failed with a reason (a note is required for "other"). `said`: what the desk
    says on the timeline beside the note (an orders.events.phrase)."""
    attempt = DeliveryAttempt.objects.select_for_update().get(pk=attempt_id)
    if attempt.status != DeliveryAttempt.Status.IN_PROGRESS:
        raise DeliveryError(_("This delivery attempt is already finished."))
    note, received_by = note.strip(), received_by.strip()
    if delivered:
        finished_at = _delivered_when(attempt.started_at, delivered_at)
    else:
        failure_check(failure_reason, note)
        finished_at, received_by = timezone.now(), ""
    order_move(order_id=attempt.order_id, to=Status.DELIVERED if delivered else Status.FAILED,
               actor=actor, system=system, note=note)
    attempt.status = (DeliveryAttempt.Status.DELIVERED if delivered
                      else DeliveryAttempt.Status.FAILED)
    attempt.failure_reason = "" if delivered else failure_reason
    attempt.note, attempt.finished_at, attempt.received_by = note, finished_at, received_by
    attempt.save(update_fields=["status", "failure_reason", "note", "finished_at", "received_by"])
    if received_by:  # said in the reader's language, with what else the desk says
        said = [order_events.phrase("received_by", name=received_by), *([said] if said else [])]
    order_events.delivery_attempt(order=attempt.order, outcome=attempt.status, detail=note,
                                  reason=attempt.failure_reason, actor=actor, system=system,
                                  said=said)
    return attempt


@transaction.atomic
def delivery_resend(*, order_id: int, courier_id: int, delivery_date: date,
                    window_start: datetime | None = None, window_end: datetime | None = None,
                    note: str = "", actor=None, expected_version: int | None = None,
                    said: dict | None = None) -> Order:
    """Plan a failed order again: that courier, the new date and window (the parties are told
    of the change), and the order back to assembling: ready, waiting to go out. Dispatching it
    then makes a new attempt."""
    order = order_lock(order_id=order_id, expected_version=expected_version)
    if not allows(order.status, Action.RESEND):
        raise DeliveryError(_("Order %(number)s is %(status)s: only a failed delivery is sent "
                              "again.") % {"number": order.number,
                                           "status": order.get_status_display()})
    courier_assign(order_id=order.pk, courier_id=courier_id, actor=actor)
    order_edit(order_id=order.pk, actor=actor, note=note, said=said, changes={
        "delivery_date": delivery_date, "window_start": window_start, "window_end": window_end})
    return order_move(order_id=order.pk, to=Status.ASSEMBLING, actor=actor, note=note,
                      said=said or (None if note else order_events.phrase("sent_again")))


@transaction.atomic
def delivery_report_late(*, order_id: int, delivered_at: datetime, received_by: str = "",
                         note: str = "", actor=None, system: str = "",
                         said: dict | None = None) -> DeliveryAttempt:
    """It was delivered after all (a late report): the attempt on the road is finished as
    delivered; after a failure, a delivered attempt by the last courier is recorded."""
    order = order_lock(order_id=order_id, expected_version=None)
    if not allows(order.status, Action.REPORT):
        raise DeliveryError(_("Order %(number)s is %(status)s: there is no delivery to report.")
                            % {"number": order.number, "status": order.get_status_display()})
    on_road = order.attempts.filter(status=DeliveryAttempt.Status.IN_PROGRESS).first()
    if on_road is not None:
        return delivery_finish(attempt_id=on_road.pk, delivered=True, note=note, actor=actor,
                               system=system, delivered_at=delivered_at, received_by=received_by,
                               said=said)
    last = order.attempts.order_by("-started_at", "-id").first()
    if last is None:
        raise DeliveryError(_("Order %(number)s never left: there is no delivery to report.")
                            % {"number": order.number})
    when = _delivered_when(last.started_at, delivered_at)
    attempt = DeliveryAttempt.objects.create(order=order, courier=last.courier, started_at=when,
                                             tracking_number=last.tracking_number)
    return delivery_finish(attempt_id=attempt.pk, delivered=True, note=note, actor=actor,
                           system=system, delivered_at=when, received_by=received_by, said=said)
