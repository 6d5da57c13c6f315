"""`rate_limit_hit`: at most `limit` hits of one key per window, exactly, under concurrency.

The cache's `add` then `incr` is atomic on Redis and in memory, but not on the database cache
of `make run`, where `incr` is a read and then a write: 11 of 30 concurrent questions went
through a limit of 5 (issue 17). So the count is a row (core.RateCounter) per key and window,
moved by one conditional UPDATE, the way stock is reserved: the database re-checks the
condition under the row's lock, on every database and whatever the cache is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db.models import F
from django.utils import timezone

from .models import RateCounter


def rate_limit_hit(*, key: str, limit: int, window: timedelta) -> bool:
    """Counts one hit of `key`; False (and not counted) when the window already has `limit`.

    Windows are fixed slices of the clock (an hour's window is a clock hour): a key's row
    belongs to one window, so no row is ever reset while another request counts on it."""
    now = timezone.now()
    seconds = int(window.total_seconds())
    start = int(now.timestamp()) // seconds * seconds
    ends = datetime.fromtimestamp(start + seconds, tz=UTC)
    RateCounter.objects.filter(expires_at__lte=now).delete()  # windows gone by
    counter, _created = RateCounter.objects.get_or_create(key=f"{key}@{start}",
                                                          defaults={"expires_at": ends})
    return RateCounter.objects.filter(pk=counter.pk, count__lt=limit).update(
        count=F("count") + 1) == 1
