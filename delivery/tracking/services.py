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
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import events
from orders import events as order_events
from orders.models import MessageKind, Order
from orders.services import customer_message_queue

from ..domain_events import ParcelHanded, ParcelMoved
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


def _said(status: str, location: str) -> str:
    return f"{status} · {location}" if location else status


@transaction.atomic
def parcel_status_record(*, attempt_id: int, status: str, location: str = "",
                         waiting: bool = False, delivered: bool = False,
                         happened_at: datetime | None = None, raw: Any = None, actor=None,
                         system: str = "") -> ParcelEvent | None:
    """A carrier status of a parcel on the road. Recorded once per change: the same status at
    the same moment, or the same status and place as the last one, is no news (None). News is
    a ParcelEvent, a line on the order's timeline, `delivery.parcel_moved`, and a notice to the
    customer (waits at the post office, or moved); a delivered status finishes the attempt."""
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
                               location=location, waiting=waiting))
    if delivered:
        delivery_finish(attempt_id=attempt.pk, delivered=True, actor=actor, system=system,
                        delivered_at=max(happened_at, attempt.started_at))
    else:
        _notice(order=order, event=event, number=attempt.tracking_number,
                url=selectors.tracking_url(attempt))
    return event


def _notice(*, order: Order, event: ParcelEvent, number: str, url: str,
            reminder: bool = False) -> None:
    """The customer hears of the move in their language, once for this status (and, when it
    waits at the post office, once more as a reminder)."""
    with translation.override(order.customer.language or settings.LANGUAGE_CODE):
        lines = [_("Status: %(status)s") % {"status": _said(event.status, event.location)}]
        if url:
            lines.append(_("Follow it here: %(url)s") % {"url": url})
    customer_message_queue(order=order, event=f"parcel:{event.pk}" + (":reminder" if reminder else ""),
                           customer_message="\n".join(lines), tracking_number=number,
                           kind=MessageKind.PARCEL_WAITING if event.waiting
                           else MessageKind.PARCEL_MOVED)


def parcel_handed_notify(handed: ParcelHanded) -> None:
    """Hears ParcelHanded in the dispatch's transaction: the tracking number (and where to
    follow it) goes to the customer in their language, through the outbox."""
    order = Order.objects.select_related("customer", "brand").get(pk=handed.order_id)
    carrier, tracking_url, tracking_number = (handed.carrier, handed.tracking_url,
                                              handed.tracking_number)
    with translation.override(order.customer.language or settings.LANGUAGE_CODE):
        lines = [_("Carrier: %(carrier)s") % {"carrier": carrier}] if carrier else []
        if tracking_url:
            lines.append(_("Follow it here: %(url)s") % {"url": tracking_url})
    customer_message_queue(order=order, kind=MessageKind.TRACKING,
                           customer_message="\n".join(lines), tracking_number=tracking_number)


def parcel_waiting_remind(*, now: datetime | None = None) -> int:
    """Remind the customers whose parcel has waited at a post office for
    TRACKING_WAITING_REMIND_DAYS: once per waiting status (the outbox keeps it once however
    often this runs). Returns how many parcels were looked at."""
    now = now or timezone.now()
    ids = selectors.parcels_waiting(now - timedelta(days=settings.TRACKING_WAITING_REMIND_DAYS))
    for event in (ParcelEvent.objects.filter(pk__in=ids)
                  .select_related("attempt__courier__carrier", "attempt__order__customer",
                                  "attempt__order__brand")):
        with transaction.atomic():
            _notice(order=event.attempt.order, event=event, reminder=True,
                    number=event.attempt.tracking_number,
                    url=selectors.tracking_url(event.attempt))
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
