"""`Authorization: Bearer <key>` for partners, and a per-partner throttle.

The key row is looked up once and cached by its public prefix (the cache holds the key's
hash, never the key), so an authenticated request costs no database query. Revoking a key
drops its cache entry at once."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.throttling import BaseThrottle

from ..models import PartnerAPIKey, Source


@dataclass(frozen=True)
class PartnerClient:
    """`request.user` for a partner: who is calling, without a database row per request."""

    partner_id: int
    partner_code: str
    key_prefix: str
    source_id: int  # the partner's `api-<code>` source, where its raw bodies are kept

    is_authenticated = True
    is_anonymous = False
    pk = None  # events written on its behalf name the partner as the system, not a user


def _cache_key(prefix: str) -> str:
    return f"partner-api-key:{prefix}"


def api_key_forget(prefix: str) -> None:
    cache.delete(_cache_key(prefix))


def api_source_id(*, partner_id: int, partner_code: str) -> int:
    """Each partner's pushed orders arrive through its own `api-<code>` source."""
    source, _created = Source.objects.get_or_create(
        name=f"api-{partner_code}"[:60], defaults={"kind": Source.Kind.API, "partner_id": partner_id},
    )
    return source.pk


def _lookup(prefix: str) -> dict | None:
    entry = cache.get(_cache_key(prefix))
    if entry is None:
        row = (PartnerAPIKey.objects.filter(prefix=prefix, revoked=False, partner__is_active=True)
               .values("hashed_key", "expiry_date", "partner_id", "partner__code").first())
        entry = row or {}
        if row:
            entry["source_id"] = api_source_id(partner_id=row["partner_id"],
                                               partner_code=row["partner__code"])
        cache.set(_cache_key(prefix), entry, settings.PARTNER_API_KEY_CACHE_SECONDS)
    return entry or None


class PartnerKeyAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send `Authorization: Bearer <key>`."))
        key = header[1].decode("latin-1")
        prefix, _dot, _secret = key.partition(".")
        entry = _lookup(prefix) if prefix else None
        if (entry is None
                or not PartnerAPIKey.objects.key_generator.verify(key, entry["hashed_key"])
                or (entry["expiry_date"] and entry["expiry_date"] < timezone.now())):
            raise exceptions.AuthenticationFailed(_("This API key is not valid."))
        return PartnerClient(entry["partner_id"], entry["partner__code"], prefix,
                             entry["source_id"]), key

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = PartnerKeyAuthentication
    name = "PartnerKey"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A partner API key from `manage.py partner_api_key`."}


class PartnerThrottle(BaseThrottle):
    """A fixed window per partner on the shared cache: one atomic increment per request."""

    def __init__(self):
        count, _slash, period = settings.PARTNER_API_THROTTLE_RATE.partition("/")
        self.limit = int(count)
        self.period = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]
        self.retry_after = 0

    def allow_request(self, request, view) -> bool:
        client = request.user
        if not isinstance(client, PartnerClient):
            return True
        now = time.time()
        window = int(now // self.period)
        key = f"throttle:partner:{client.partner_id}:{window}"
        if self._count(key) <= self.limit:
            return True
        self.retry_after = max(1, int((window + 1) * self.period - now) + 1)
        return False

    def _count(self, key: str) -> int:
        """This request's number in the window: one round trip on Redis (INCR + EXPIRE in a
        pipeline), the cache's atomic add/incr elsewhere (the embedded database cache)."""
        redis_client = getattr(cache, "_cache", None)
        if redis_client is not None and hasattr(redis_client, "get_client"):
            full_key = cache.make_and_validate_key(key)
            pipe = redis_client.get_client(full_key, write=True).pipeline(transaction=False)
            pipe.incr(full_key)
            pipe.expire(full_key, self.period + 1)
            return pipe.execute()[0]
        if cache.add(key, 1, self.period + 1):
            return 1
        return cache.incr(key)

    def wait(self) -> float:
        return self.retry_after
