"""task_lock: one holder at a time, on the cache's Redis under the cache's key prefix."""

import pytest
from django.core.cache import cache

from conftest import need_service
from core.locks import task_lock
from core.redis_client import cache_redis


def test_one_holder_at_a_time_and_free_again_after():
    with task_lock("desk-test", ttl=30) as first:
        with task_lock("desk-test", ttl=30) as second:
            assert first and not second
    with task_lock("desk-test", ttl=30) as again:
        assert again


@pytest.mark.services
def test_the_lock_lives_under_the_cache_key_prefix_on_its_redis():
    client = cache_redis()
    need_service("Redis", client is not None, "the cache is not Redis")
    key = cache.make_and_validate_key("lock:desk-test-prefix")
    with task_lock("desk-test-prefix", ttl=30) as held:
        assert held and client.exists(key)
    assert not client.exists(key)
