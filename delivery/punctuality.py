"""On time and late: the one definition of whether a delivered order kept its promise, as an
ORM expression that the rollup's SQLite path, the queue's "delivered late" filter and the tests
share. The rollup on PostgreSQL says the same in `_DAY_SQL` (delivery.rollup), held to this one
by a test that runs every path on the same orders.

The window includes its end: a delivery at the very end is on time, and the window has passed
only after it (`orders.selectors.window_passed_q`, the clock's question the delivery board and
the queue's "late today" ask of an order not yet delivered; the same test holds the board's
answer at the moment of delivery to this one)."""

from __future__ import annotations

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from orders.models import Status

from .models import DeliveryAttempt


def delivered_late_q() -> Q:
    """For Order querysets: delivered, but not as first promised. A failed attempt missed the
    first promise, whenever the order arrived after; otherwise late when delivered after the
    window's end, or, without a window, after the delivery day (Yerevan's date)."""
    delivered = DeliveryAttempt.objects.filter(order=OuterRef("pk"),
                                               status=DeliveryAttempt.Status.DELIVERED)
    failed = DeliveryAttempt.objects.filter(order=OuterRef("pk"),
                                            status=DeliveryAttempt.Status.FAILED)
    return Q(status=Status.DELIVERED) & (
        Exists(failed)
        | Exists(delivered.filter(finished_at__gt=OuterRef("window_end")))
        | (Q(window_end__isnull=True)
           & Exists(delivered.filter(finished_at__date__gt=OuterRef("delivery_date")))))


def delivered_on_time_q() -> Q:
    """For Order querysets: delivered as first promised (the rest of the delivered)."""
    return Q(status=Status.DELIVERED) & ~delivered_late_q()


def with_punctuality(queryset):
    """The orders, each with `delivered_late` and `delivered_on_time` (booleans)."""
    return queryset.annotate(
        delivered_late=ExpressionWrapper(delivered_late_q(), output_field=BooleanField()),
        delivered_on_time=ExpressionWrapper(delivered_on_time_q(), output_field=BooleanField()))
