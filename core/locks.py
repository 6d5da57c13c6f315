"""`task_lock`: one holder at a time across processes and machines.

On Redis it is redis-py's lock (token-checked release, TTL). In the embedded default there is
no Redis, so it falls back to the shared cache's atomic `add` (a database table there)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache


@contextmanager
def task_lock(name: str, *, ttl: int) -> Iterator[bool]:
    """Yields True when this caller holds the lock, False when someone else does.

    `ttl` must outlive the slowest holder: a crashed holder frees the lock after `ttl` seconds."""
    if settings.REDIS_URL:
        with _redis_lock(name, ttl) as held:
            yield held
    else:
        with _cache_lock(name, ttl) as held:
            yield held


@contextmanager
def _redis_lock(name: str, ttl: int) -> Iterator[bool]:
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    lock = client.lock(f"lock:{name}", timeout=ttl, blocking=False)
    held = lock.acquire(blocking=False)
    try:
        yield held
    finally:
        if held:
            try:
                lock.release()
            except redis.exceptions.LockNotOwnedError:
                pass  # our TTL ran out and someone else holds it now: theirs to release
        client.close()


@contextmanager
def _cache_lock(name: str, ttl: int) -> Iterator[bool]:
    key, token = f"lock:{name}", uuid.uuid4().hex
    held = cache.add(key, token, timeout=ttl)
    try:
        yield held
    finally:
        # Not atomic like Redis' script, but only ever deletes a lock that still carries our
        # token; the embedded mode runs a single worker, so the window is theoretical.
        if held and cache.get(key) == token:
            cache.delete(key)
