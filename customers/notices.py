"""The rules customers adds to the notices orders sends (orders.services.messages)."""

from __future__ import annotations

from delivery.models import Assignment
from delivery.services import PARCEL_KINDS
from orders.models import Order


def goes_as_parcel(order: Order) -> bool:
    """The order is carried by the post or a third-party service: its tracking notice tells
    the customer it left, so "on the way" is not sent."""
    return Assignment.objects.filter(order_id=order.pk, courier__kind__in=PARCEL_KINDS).exists()
