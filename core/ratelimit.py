"""At most `limit` hits of one key per window, exactly, under concurrency: `rate_limit_hit`
counts one (the status page's questions, refused photo files), `rate_limit_reached` only reads
(a photo's sender is refused unread once their refusals reach the limit).

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


def _window(key: str, window: timedelta, now: datetime) -> tuple[str, datetime]:
    """The row's key of `key` in the window of the clock at `now`, and when that window ends."""
    seconds = int(window.total_seconds())
    start = int(now.timestamp()) // seconds * seconds
    return f"{key}@{start}", datetime.fromtimestamp(start + seconds, tz=UTC)


def rate_limit_hit(*, key: str, limit: int, window: timedelta) -> bool:
    """Counts one hit of `key`; False (and not counted) when the window already has `limit`.

    Windows are fixed slices of the clock (an hour's window is a clock hour): a key's row
    belongs to one window, so no row is ever reset while another request counts on it."""
    now = timezone.now()
    row_key, ends = _window(key, window, now)
    RateCounter.objects.filter(expires_at__lte=now).delete()  # windows gone by
    counter, _created = RateCounter.objects.get_or_create(key=row_key,
                                                          defaults={"expires_at": ends})
    return RateCounter.objects.filter(pk=counter.pk, count__lt=limit).update(
        count=F("count") + 1) == 1


def rate_limit_reached(*, key: str, limit: int, window: timedelta) -> bool:
    """Whether the window of the clock now already has `limit` hits of `key`; counts nothing
    (for work that is counted only when it fails, after it is done)."""
    row_key, _ends = _window(key, window, timezone.now())
    return RateCounter.objects.filter(key=row_key, count__gte=limit).exists()
