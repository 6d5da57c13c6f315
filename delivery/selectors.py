"""Reads of the delivery board and of a courier's run: a fixed number of queries each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Subquery
from django.utils import timezone

from orders.models import Order, PaymentMethod, Status
from orders.selectors import window_passed_q

from .models import Assignment, Courier, DeliveryAttempt
from .tracking.selectors import PARCEL_KINDS


@dataclass
class Stop:
    """One order on the board or on a courier's run, with what stands out about it."""

    order: Order
    courier: Courier | None
    unassigned: bool
    late: bool
    failed: bool
    delivered: bool
    failure_reason: str  # the last failed attempt's reason (its label), "" when none
    attempt_id: int | None  # the attempt on the road, which the courier finishes
    # Cash on delivery, not paid yet: the order's total; None when paid, or when the stop
    # failed (nothing changed hands; sent again, it is on the road and counts again).
    cash_to_collect: Decimal | None

    @property
    def failure_label(self) -> str:
        return str(DeliveryAttempt.FailureReason(self.failure_reason).label) \
            if self.failure_reason else ""


@dataclass
class WindowGroup:
    start: datetime | None
    end: datetime | None
    stops: list[Stop] = field(default_factory=list)


@dataclass
class CourierGroup:
    courier: Courier | None  # None: not assigned yet
    windows: list[WindowGroup] = field(default_factory=list)

    @property
    def stops(self) -> list[Stop]:
        return [stop for window in self.windows for stop in window.stops]

    @property
    def count(self) -> int:
        return len(self.stops)


def _day_orders(day: date, now: datetime):
    """The day's orders (Yerevan's date is the order's delivery_date), cancelled ones left out,
    in window order, with their courier, last failure, the attempt on the road and whether
    the window has passed as of `now` (orders.selectors.window_passed_q): one query."""
    last_failed = (DeliveryAttempt.objects.filter(order=OuterRef("pk"),
                                                  status=DeliveryAttempt.Status.FAILED)
                   .order_by("-started_at", "-id").values("failure_reason")[:1])
    on_road = (DeliveryAttempt.objects.filter(order=OuterRef("pk"),
                                              status=DeliveryAttempt.Status.IN_PROGRESS)
               .values("id")[:1])
    return (Order.objects.filter(delivery_date=day).exclude(status=Status.CANCELLED)
            .select_related("assignment__courier")
            .annotate(last_failure=Subquery(last_failed), on_road_id=Subquery(on_road),
                      window_passed=ExpressionWrapper(window_passed_q(now),
                                                      output_field=BooleanField()))
            .order_by("window_start", "window_end", "created_at", "pk"))


def _stop(order: Order) -> Stop:
    assignment = getattr(order, "assignment", None)
    courier = assignment.courier if assignment else None
    delivered = order.status == Status.DELIVERED
    failed = order.status == Status.FAILED
    cash = (order.total if order.payment_method == PaymentMethod.CASH and not order.is_paid
            and not failed else None)
    return Stop(order=order, courier=courier, unassigned=courier is None,
                late=order.window_passed and not delivered, failed=failed, delivered=delivered,
                failure_reason=order.last_failure or "" if failed else "",
                attempt_id=order.on_road_id, cash_to_collect=cash)


def _by_window(stops: list[Stop]) -> list[WindowGroup]:
    windows: list[WindowGroup] = []
    for stop in stops:  # already in window order
        key = (stop.order.window_start, stop.order.window_end)
        if not windows or (windows[-1].start, windows[-1].end) != key:
            windows.append(WindowGroup(start=key[0], end=key[1]))
        windows[-1].stops.append(stop)
    return windows


def board_groups(day: date) -> list[CourierGroup]:
    """The delivery board of a day: the orders due, grouped by courier (the unassigned first,
    then couriers by name) and within each by delivery window. One query."""
    now = timezone.now()
    stops = [_stop(order) for order in _day_orders(day, now)]
    by_courier: dict[int | None, list[Stop]] = {}
    for stop in stops:
        by_courier.setdefault(stop.courier.pk if stop.courier else None, []).append(stop)
    couriers = {stop.courier.pk: stop.courier for stop in stops if stop.courier}
    keys = sorted(by_courier, key=lambda pk: (pk is not None,
                                              couriers[pk].name.casefold() if pk else "", pk or 0))
    return [CourierGroup(courier=couriers.get(pk), windows=_by_window(by_courier[pk]))
            for pk in keys]


def courier_stops(courier_id: int, day: date) -> list[Stop]:
    """A courier's stops on a day, in window order (their run sheet, their own page). One
    query."""
    now = timezone.now()
    return [_stop(order)
            for order in _day_orders(day, now).filter(assignment__courier_id=courier_id)]


def active_couriers() -> list[Courier]:
    return list(Courier.objects.filter(is_active=True).order_by("name", "pk"))


def courier_names(ids: set[str]) -> dict[str, str]:
    """{id: name} of the couriers behind "courier:<id>" on the timeline and on photos."""
    pks = [int(ident) for ident in ids if ident.isdigit()]
    return {str(pk): name for pk, name in Courier.objects.filter(pk__in=pks)
            .values_list("pk", "name")}


def goes_as_parcel(order_id: int) -> bool:
    """The order is carried by the post or a third-party service (its tracking notice tells
    the customer it left, with the number)."""
    return Assignment.objects.filter(order_id=order_id, courier__kind__in=PARCEL_KINDS).exists()


def assigned_courier(order_id: int) -> Courier | None:
    """The courier the order is assigned to, if any."""
    assignment = Assignment.objects.filter(order_id=order_id).select_related("courier").first()
    return assignment.courier if assignment else None
