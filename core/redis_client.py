"""The shared cache's Redis server as a plain redis-py client, for what the cache API lacks
(locks with a token-checked release, scanning one's own keys). None in the embedded mode, where
the cache is a database table or memory."""

from __future__ import annotations

from functools import cache as once

import redis
from django.conf import settings

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


def cache_redis() -> redis.Redis | None:
    """A client of the server the default cache uses (one pool per process), or None."""
    config = settings.CACHES["default"]
    if config["BACKEND"] != REDIS_CACHE:
        return None
    location = config["LOCATION"]
    if not isinstance(location, str):  # a list of servers: the first one takes writes
        location = location[0]
    return _client(location)


@once
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url)
