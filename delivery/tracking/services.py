"""Parcel statuses: recorded once each, on the timeline, told to the customer; a delivered
status finishes the delivery. And the poll of a carrier's API, with its health."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import events
from orders import events as order_events
from orders.models import Order

from ..domain_events import ParcelMoved, ParcelWaitingLong
from ..exceptions import DeliveryError
from ..models import Carrier, DeliveryAttempt, ParcelEvent
from ..services import delivery_finish
from . import selectors
from .adapters import ADAPTERS, TrackingUnavailable

logger = logging.getLogger(__name__)
SYSTEM = "tracking"


def _bounded(raw: Any) -> Any:
    """The carrier's answer as kept: whole when small, else its first characters as text."""
    if raw is None:
        return {}
    text = json.dumps(raw, ensure_ascii=False, default=str)
    limit = settings.TRACKING_RAW_MAX_CHARS
    return raw if len(text) <= limit else {"truncated": text[:limit]}


@transaction.atomic
def parcel_status_record(*, attempt_id: int, status: str, location: str = "",
                         waiting: bool = False, delivered: bool = False,
                         happened_at: datetime | None = None, raw: Any = None, actor=None,
                         system: str = "") -> ParcelEvent | None:
    """A carrier status of a parcel on the road. Recorded once per change: the same status at
    the same moment, or the same status and place as the last one, is no news (None). News is
    a ParcelEvent, a line on the order's timeline and ParcelMoved (notices tells the customer
    it waits at the post office, or moved); a delivered status finishes the attempt."""
    attempt = (DeliveryAttempt.objects.select_for_update().select_related("courier")
               .get(pk=attempt_id))
    if attempt.status != DeliveryAttempt.Status.IN_PROGRESS:
        raise DeliveryError(_("This delivery attempt is already finished."))
    status, location = " ".join(status.split()), " ".join(location.split())
    if not status:
        raise DeliveryError(_("Say what the carrier's status is."))
    if len(status) > 200 or len(location) > 200:
        raise DeliveryError(_("A status and a location are at most 200 characters."))
    now = timezone.now()
    if happened_at is None:
        happened_at = now
    elif timezone.is_naive(happened_at):
        raise DeliveryError(_("Say when it happened, with its time zone."))
    elif happened_at > now:
        if actor is not None:
            raise DeliveryError(_("A parcel status cannot be in the future."))
        happened_at = now  # a carrier's clock ahead of ours
    delivered, waiting = bool(delivered), bool(waiting) and not delivered
    same_moment = ParcelEvent.objects.filter(attempt=attempt, status=status,
                                             happened_at=happened_at).exists()
    last = attempt.parcel_events.order_by("-happened_at", "-id").first()
    if same_moment or (last is not None and (last.status, last.location, last.waiting,
                                             last.delivered) == (status, location, waiting,
                                                                 delivered)):
        return None
    event = ParcelEvent.objects.create(
        attempt=attempt, status=status, location=location, waiting=waiting,
        delivered=delivered, happened_at=happened_at, actor=actor if actor and actor.pk else None,
        system=system, raw=_bounded(raw))
    order = Order.objects.select_related("customer", "brand").get(pk=attempt.order_id)
    order_events.delivery_attempt(
        order=order, outcome=DeliveryAttempt.Status.IN_PROGRESS, actor=actor, system=system,
        detail=" · ".join(filter(None, [attempt.tracking_number, status, location])))
    events.publish(ParcelMoved(order_id=order.pk, parcel_event_id=event.pk,
                               tracking_number=attempt.tracking_number,
                               tracking_url=selectors.tracking_url(attempt), status=status,
                               location=location, waiting=waiting, delivered=delivered))
    if delivered:
        delivery_finish(attempt_id=attempt.pk, delivered=True, actor=actor, system=system,
                        delivered_at=max(happened_at, attempt.started_at))
    return event


def parcel_waiting_remind(*, now: datetime | None = None) -> int:
    """Every parcel that has waited at a post office for TRACKING_WAITING_REMIND_DAYS is
    published as ParcelWaitingLong (notices reminds the customer, once per waiting status: the
    outbox keeps it once however often this runs). Returns how many parcels were looked at."""
    now = now or timezone.now()
    ids = selectors.parcels_waiting(now - timedelta(days=settings.TRACKING_WAITING_REMIND_DAYS))
    for event in (ParcelEvent.objects.filter(pk__in=ids)
                  .select_related("attempt__courier__carrier")):
        with transaction.atomic():
            events.publish(ParcelWaitingLong(
                order_id=event.attempt.order_id, parcel_event_id=event.pk,
                tracking_number=event.attempt.tracking_number,
                tracking_url=selectors.tracking_url(event.attempt), status=event.status,
                location=event.location))
    return len(ids)


@dataclass
class CarrierPoll:
    recorded: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def carrier_poll(*, carrier_id: int) -> CarrierPoll:
    """Ask the carrier's API about each of its parcels on the road; each answer is recorded in
    its own transaction. A failing parcel never stops the others; the carrier's health says
    how the poll went (the first error, failures in a row when nothing answered)."""
    carrier = Carrier.objects.get(pk=carrier_id)
    result = CarrierPoll()
    adapter = ADAPTERS.get(carrier.api_kind)
    attempts = selectors.parcels_to_poll(carrier_id=carrier.pk) if adapter else []
    numbers = dict(DeliveryAttempt.objects.filter(pk__in=attempts)
                   .values_list("pk", "tracking_number"))
    for attempt_id in attempts:
        number = numbers[attempt_id]
        try:
            parcel = adapter.fetch(carrier, number)
            event = parcel_status_record(
                attempt_id=attempt_id, status=parcel.status, location=parcel.location,
                waiting=parcel.waiting, delivered=parcel.delivered,
                happened_at=parcel.happened_at, raw=parcel.raw, system=SYSTEM)
        except (TrackingUnavailable, DeliveryError) as exc:
            result.errors.append(f"{number}: {exc}")
            continue
        except Exception as exc:  # a bug must not silence the other parcels
            logger.exception("tracking poll of %s, parcel %s", carrier, number)
            result.errors.append(f"{number}: {type(exc).__name__}")
            continue
        if event is None:
            result.unchanged += 1
        else:
            result.recorded += 1
    answered = result.recorded + result.unchanged
    failures = 0 if answered or not result.errors else carrier.consecutive_failures + 1
    Carrier.objects.filter(pk=carrier.pk).update(
        last_poll_at=timezone.now(), last_error="\n".join(result.errors[:5])[:2000],
        consecutive_failures=failures)
    return result


def carriers_to_poll() -> list[int]:
    """Active carriers with an API the desk can read."""
    return list(Carrier.objects.filter(is_active=True, api_kind__in=list(ADAPTERS))
                .order_by("id").values_list("id", flat=True))
