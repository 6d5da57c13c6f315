"""`task_lock`: one holder at a time across processes and machines.

On a Redis cache it is redis-py's lock (token-checked release, TTL) on the cache's own server
(a public redis-py client, core.redis_client) and under the cache's key prefix, like every other
key of the desk (tests give each process its own prefix, so parallel test workers never share a
lock). In the embedded default
there is no Redis, so it falls back to the shared cache's atomic `add` (a database table there)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import redis
from django.core.cache import cache

from .redis_client import cache_redis


@contextmanager
def task_lock(name: str, *, ttl: int) -> Iterator[bool]:
    """Yields True when this caller holds the lock, False when someone else does.

    `ttl` must outlive the slowest holder: a crashed holder frees the lock after `ttl` seconds."""
    client = cache_redis()
    if client is not None:
        with _redis_lock(client, name, ttl) as held:
            yield held
    else:
        with _cache_lock(name, ttl) as held:
            yield held


@contextmanager
def _redis_lock(client: redis.Redis, name: str, ttl: int) -> Iterator[bool]:
    key = cache.make_and_validate_key(f"lock:{name}")  # the cache's prefix and version
    lock = client.lock(key, timeout=ttl, blocking=False)
    held = lock.acquire(blocking=False)
    try:
        yield held
    finally:
        if held:
            try:
                lock.release()
            except redis.exceptions.LockNotOwnedError:
                pass  # our TTL ran out and someone else holds it now: theirs to release


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
