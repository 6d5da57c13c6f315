"""`rate_limit_reached` reads a key's window without counting, on the same clock windows as
`rate_limit_hit` (the photos' refusals: checked before a file is decoded, counted after)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import RateCounter
from core.ratelimit import rate_limit_hit, rate_limit_reached

HOUR = timedelta(hours=1)


@pytest.mark.django_db
def test_reached_counts_nothing_and_follows_the_clock_hour(time_machine):
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    time_machine.move_to(hour + timedelta(minutes=58), tick=False)
    for _n in range(5):  # asking is no hit: no row, however often
        assert not rate_limit_reached(key="files", limit=2, window=HOUR)
    assert not RateCounter.objects.filter(key__startswith="files@").exists()
    assert rate_limit_hit(key="files", limit=2, window=HOUR)
    assert not rate_limit_reached(key="files", limit=2, window=HOUR)
    assert rate_limit_hit(key="files", limit=2, window=HOUR)
    assert rate_limit_reached(key="files", limit=2, window=HOUR)
    assert not rate_limit_reached(key="other", limit=2, window=HOUR)  # each key its own
    assert RateCounter.objects.get(key__startswith="files@").count == 2
    time_machine.move_to(hour + timedelta(hours=1), tick=False)  # the next clock hour
    assert not rate_limit_reached(key="files", limit=2, window=HOUR)
