"""A zone with a limited window, for the capacity tests: its area is named in ADDRESS."""

from datetime import time, timedelta

from django.utils import timezone

from delivery.models import DateCapacity, Zone, ZoneArea
from orders.normalized import Party
from orders.tests.factories import normalized_order

AREA = "Testavan"
ADDRESS = f"Yerevan, {AREA}, Isahakyan 8"


def day_after_tomorrow():
    return timezone.localdate() + timedelta(days=2)


def limited_zone(places: int, *, day=None, later: int = 0) -> Zone:
    """A zone whose 10:00-13:00 window on `day` (the day after tomorrow) takes `places`
    deliveries, and, with `later`, a 14:00-18:00 window taking that many."""
    day = day or day_after_tomorrow()
    zone = Zone.objects.create(code="test-zone", name="Test zone")
    ZoneArea.objects.create(zone=zone, name=AREA)
    DateCapacity.objects.create(zone=zone, day=day, starts=time(10), ends=time(13), places=places)
    if later:
        DateCapacity.objects.create(zone=zone, day=day, starts=time(14), ends=time(18),
                                    places=later)
    return zone


def email_order(number: int, **overrides):
    """An order to the limited window, as an e-mail would bring it."""
    return normalized_order(**{
        "site_number": f"CAP-{number}", "delivery_date": day_after_tomorrow().isoformat(),
        "window": "10:00-13:00",
        "recipient": Party(name="Mariam Sargsyan", phone="093 55 44 33", address=ADDRESS),
        **overrides})
