"""One backoff rule for everything the desk retries (polled sources, the outbox)."""

from __future__ import annotations

from datetime import timedelta


def backoff(*, base: timedelta, failures: int, cap: timedelta) -> timedelta:
    """`base` doubled for each failure in a row (none: `base` itself), never more than `cap`."""
    return min(base * 2 ** min(max(failures, 0), 16), cap)
