"""Reads about parcels: the customer's tracking link, what the desk shows, what is stuck."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from orders import actors
from orders.models import Order, Status

from ..models import Carrier, Courier, DeliveryAttempt, ParcelEvent
from .adapters import tracking_link

# Couriers that hand the order to someone else's network (as delivery.services.PARCEL_KINDS).
PARCEL_KINDS = (Courier.Kind.THIRD_PARTY, Courier.Kind.POST)


def tracking_url(attempt: DeliveryAttempt) -> str:
    """Where the customer follows this parcel ("" when its carrier has no tracking page)."""
    carrier = attempt.courier.carrier if attempt.courier.carrier_id else None
    if carrier is None:
        return ""
    return tracking_link(carrier.tracking_url_template, attempt.tracking_number)


def parcels_to_poll(*, carrier_id: int) -> list[int]:
    """Attempts on the road with this carrier and a tracking number: the ones its API answers."""
    return list(DeliveryAttempt.objects.filter(
        status=DeliveryAttempt.Status.IN_PROGRESS, courier__carrier_id=carrier_id,
        courier__carrier__is_active=True,
    ).exclude(tracking_number="").order_by("id").values_list("id", flat=True))


def stalled_parcels(now: datetime) -> list[int]:
    """Order ids whose parcel is on the road with no movement for TRACKING_STALLED_DAYS: no
    new carrier status since then (or, with none yet, handed over before then). One query."""
    cutoff = now - timedelta(days=settings.TRACKING_STALLED_DAYS)
    return list(DeliveryAttempt.objects.filter(
        status=DeliveryAttempt.Status.IN_PROGRESS, courier__kind__in=PARCEL_KINDS,
        started_at__lt=cutoff,
    ).annotate(
        moved=Coalesce(Max("parcel_events__happened_at"), "started_at"),
    ).filter(moved__lt=cutoff).order_by("order_id").values_list("order_id", flat=True))


def parcels_waiting(before: datetime) -> list[int]:
    """Ids of the latest statuses of parcels on the road that wait at a post office since
    before `before` (the customer is reminded of each once). One query."""
    latest = (ParcelEvent.objects.filter(attempt=OuterRef("pk"))
              .order_by("-happened_at", "-id").values("pk")[:1])
    ids = DeliveryAttempt.objects.filter(
        status=DeliveryAttempt.Status.IN_PROGRESS, courier__kind__in=PARCEL_KINDS,
    ).annotate(latest=Subquery(latest)).filter(latest__isnull=False).values("latest")
    return list(ParcelEvent.objects.filter(pk__in=ids, waiting=True, happened_at__lt=before)
                .order_by("id").values_list("id", flat=True))


@dataclass(frozen=True)
class ParcelPanel:
    attempt: DeliveryAttempt
    events: list[ParcelEvent]
    url: str
    has_api: bool  # polled by the desk (the form is still there for a correction)


# Order statuses in which the latest attempt is the one the order page is about.
AFTER_DISPATCH = (Status.OUT_FOR_DELIVERY, Status.FAILED, Status.DELIVERED)


def parcel_panel(order: Order) -> ParcelPanel | None:
    """The parcel of the order's latest attempt with a tracking number, and its statuses
    (newest first, the last 50): two queries, none before the order left. None when the
    order is not out (or back) from the road as a parcel."""
    if order.status not in AFTER_DISPATCH:
        return None
    attempt = (DeliveryAttempt.objects.filter(order_id=order.pk)
               .filter(~Q(tracking_number=""), courier__kind__in=PARCEL_KINDS)
               .select_related("courier__carrier").order_by("-started_at", "-id").first())
    if attempt is None:
        return None
    events = list(attempt.parcel_events.select_related("actor")
                  .order_by("-happened_at", "-id")[:50])
    for event, name in zip(events, actors.actor_names(  # "Parcel tracking", not "tracking"
            (event.actor, event.system) for event in events), strict=True):
        event.by = name
    carrier = attempt.courier.carrier
    return ParcelPanel(attempt=attempt, events=events, url=tracking_url(attempt),
                       has_api=bool(carrier and carrier.api_kind != carrier.ApiKind.NONE))


def carriers_health_section() -> dict:
    """The "carriers" section of /healthz (registered in delivery/apps.py): every active
    carrier with a tracking API, how its last poll went. One query."""
    carriers = [{
        "name": carrier.name,
        "ok": carrier.consecutive_failures == 0,
        "last_poll_at": carrier.last_poll_at.isoformat() if carrier.last_poll_at else None,
        "last_error": carrier.last_error,
        "consecutive_failures": carrier.consecutive_failures,
    } for carrier in Carrier.objects.filter(is_active=True).exclude(
        api_kind=Carrier.ApiKind.NONE).order_by("name")]
    return {"ok": all(carrier["ok"] for carrier in carriers), "carriers": carriers}
