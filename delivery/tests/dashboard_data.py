"""A small set of orders whose dashboard figures were worked out by hand (test_figures.py and
desk/tests/test_dashboard.py)."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from delivery import rollup
from delivery.models import Assignment, DeliveryAttempt
from delivery.tests.factories import CourierFactory
from orders.models import Channel, Lead, OrderEvent, PaymentMethod, Status
from orders.tests.factories import BrandFactory, CustomerFactory, OrderFactory, OrderLineFactory

YEREVAN = ZoneInfo("Asia/Yerevan")
# The 10th of last month: a past day whose neighbours D-5 .. D+5 lie in the same month.
D = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=10)
Reason = DeliveryAttempt.FailureReason


def at(day, hour, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=YEREVAN)


def order(*, courier=None, window=True, day=D, status=Status.DELIVERED, **fields):
    fields.setdefault("channel", Channel.PHONE_1)
    made = OrderFactory(delivery_date=day, status=status,
                        window_start=at(day, 13) if window else None,
                        window_end=at(day, 16) if window else None,
                        created_at=at(day - timedelta(days=1), 9), **fields)
    if courier:
        Assignment.objects.create(order=made, courier=courier)
    return made


def attempt(order_, courier, *, delivered_at=None, failed=""):
    return DeliveryAttempt.objects.create(
        order=order_, courier=courier, started_at=at(order_.delivery_date, 8),
        status=DeliveryAttempt.Status.FAILED if failed else DeliveryAttempt.Status.DELIVERED,
        failure_reason=failed, finished_at=delivered_at or at(order_.delivery_date, 12))


def confirmed_after(order_, minutes):
    """What the state machine writes as it confirms: the columns, and the timeline's record."""
    order_.confirmed_at = order_.created_at + timedelta(minutes=minutes)
    order_.save(update_fields=["confirmed_at"])
    OrderEvent.objects.create(order=order_, kind=OrderEvent.Kind.STATUS_CHANGED,
                              before={"status": "new"}, after={"status": "confirmed"},
                              created_at=order_.confirmed_at)


def build():
    """Worked by hand (range D .. D+1):
    A on time (14:00 in 13-16), cash 20000, 2 lines, 1 upsell, courier V; confirmed in 10 min
    B late (17:30), V; 1 line; confirmed in 95 min (bucket: at most 105)
    C no window, delivered 23:00 that day: on time, cash 15000, G; confirmed in 3 min
    D no window, delivered the next morning: late however late, G; failed first with V (absent)
    E failed (wrong address) with G: open, not on time
    F out for delivery, no courier assigned: open
    X cancelled: in no figure;  H on D+1, pre-order channel, on time, V
    """
    flowers = BrandFactory(code="flowers")
    v, g = CourierFactory(name="Vahe"), CourierFactory(name="Gor")
    a = order(courier=v, payment_method=PaymentMethod.CASH, total=Decimal("20000"))
    attempt(a, v, delivered_at=at(D, 14))
    OrderLineFactory(order=a, is_upsell=False)
    OrderLineFactory(order=a, is_upsell=True)
    confirmed_after(a, 10)
    b = order(courier=v, payment_method=PaymentMethod.CARD)
    attempt(b, v, delivered_at=at(D, 17, 30))
    OrderLineFactory(order=b)
    confirmed_after(b, 95)
    c = order(courier=g, window=False, payment_method=PaymentMethod.CASH, total=Decimal("15000"))
    attempt(c, g, delivered_at=at(D, 23))
    confirmed_after(c, 3)
    d = order(courier=g, window=False, channel=Channel.WEBSITE)
    attempt(d, v, failed=Reason.RECIPIENT_ABSENT)
    attempt(d, g, delivered_at=at(D + timedelta(days=1), 9))
    e = order(courier=g, status=Status.FAILED, channel=Channel.WEBSITE)
    attempt(e, g, failed=Reason.WRONG_ADDRESS)
    order(status=Status.OUT_FOR_DELIVERY, channel=Channel.WEBSITE)
    x = order(courier=v, status=Status.CANCELLED)
    attempt(x, v, failed=Reason.REFUSED)
    h = order(courier=v, day=D + timedelta(days=1), channel=Channel.PREORDER)
    attempt(h, v, delivered_at=at(D + timedelta(days=1), 15))
    customer = CustomerFactory()
    Lead.objects.create(brand=flowers, customer=customer, status=Lead.Status.CONVERTED, order=h,
                        site_number="L1", created_at=at(D, 10))
    Lead.objects.create(brand=flowers, customer=customer, site_number="L2", created_at=at(D, 11))
    Lead.objects.create(brand=flowers, customer=customer, site_number="L3",
                        status=Lead.Status.NOT_INTERESTED, created_at=at(D, 12))
    Lead.objects.create(brand=flowers, customer=customer, site_number="L4",
                        created_at=at(D - timedelta(days=5), 12))  # before the range
    rollup.rollup_rebuild()
    return {"v": v, "g": g, "brand": flowers}
