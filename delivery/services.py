"""Handing orders to couriers and recording what happened on the road."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orders import events as order_events
from orders.exceptions import OrderError
from orders.models import MessageKind, Order, Status
from orders.rules import Action, allows
from orders.services import order_move
from orders.services.messages import staff_notice_queue
from orders.services.transitions import order_bump, order_lock

from .models import Assignment, Courier, DeliveryAttempt


class DeliveryError(OrderError):
    code = "delivery_error"


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
    assignment = Assignment.objects.filter(order=order).select_related("courier").first()
    if assignment is None:
        raise DeliveryError(_("Assign a courier to order %(number)s first.")
                            % {"number": order.number})
    order_move(order_id=order.pk, to=Status.OUT_FOR_DELIVERY, actor=actor)
    attempt = DeliveryAttempt.objects.create(order=order, courier=assignment.courier,
                                             tracking_number=tracking_number.strip())
    order_events.delivery_attempt(order=order, outcome=DeliveryAttempt.Status.IN_PROGRESS,
                                  detail=str(assignment.courier), actor=actor)
    return attempt


@transaction.atomic
def delivery_finish(*, attempt_id: int, delivered: bool, failure_reason: str = "",
                    note: str = "", actor=None) -> DeliveryAttempt:
    """Record the outcome of an attempt on the road: delivered, or failed with a reason."""
    attempt = DeliveryAttempt.objects.select_for_update().get(pk=attempt_id)
    if attempt.status != DeliveryAttempt.Status.IN_PROGRESS:
        raise DeliveryError(_("This delivery attempt is already finished."))
    if not delivered and failure_reason not in DeliveryAttempt.FailureReason.values:
        raise DeliveryError(_("Say why the delivery failed."))
    order_move(order_id=attempt.order_id, to=Status.DELIVERED if delivered else Status.FAILED,
               actor=actor, note=note)
    attempt.status = (DeliveryAttempt.Status.DELIVERED if delivered
                      else DeliveryAttempt.Status.FAILED)
    attempt.failure_reason = "" if delivered else failure_reason
    attempt.note, attempt.finished_at = note, timezone.now()
    attempt.save(update_fields=["status", "failure_reason", "note", "finished_at"])
    order_events.delivery_attempt(order=attempt.order, outcome=attempt.status,
                                  detail=note, reason=attempt.failure_reason, actor=actor)
    return attempt


def courier_change_notify(*, order_id: int, event: str, before: dict, after: dict,
                          **_data) -> None:
    """Subscriber of order.changed (in the change's transaction): the assigned courier gets
    the change by e-mail when they have an address (SMS when the outbox has an SMS sender)."""
    assignment = (Assignment.objects.filter(order_id=order_id).select_related("courier")
                  .first())
    if assignment is None or not assignment.courier.email:
        return
    order = Order.objects.select_related("brand").get(pk=order_id)
    staff_notice_queue(order=order, kind=MessageKind.COURIER_NOTICE,
                       recipient=assignment.courier.email, before=before, after=after)
