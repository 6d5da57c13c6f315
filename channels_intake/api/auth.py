"""`Authorization: Bearer <key>` for partners, and a per-partner throttle.

The key is read on every request (one indexed query by its public prefix, joined to the
partner and its brand), never cached: a key deleted, revoked or expired, or a partner set
inactive, stops working with the very next request, however the change was made (admin,
queryset, shell)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.throttling import SimpleRateThrottle

from core.redis_client import cache_redis
from orders.models import Partner

from ..models import PartnerAPIKey, Source


@dataclass(frozen=True)
class PartnerClient:
    """`request.user` for a partner: who is calling, read with the key (no other query)."""

    partner: Partner  # with its brand
    key_prefix: str

    is_authenticated = True
    is_anonymous = False
    pk = None  # events written on its behalf name the partner as the system, not a user

    @property
    def partner_id(self) -> int:
        return self.partner.pk

    @property
    def partner_code(self) -> str:
        return self.partner.code


def api_source_id(client: PartnerClient) -> int:
    """Each partner's pushed orders arrive through its own `api-<code>` source. (Read on its
    own: as a subquery of the key's lookup it cost more CPU than this query saves.)"""
    source, _created = Source.objects.get_or_create(
        name=f"api-{client.partner_code}",
        defaults={"kind": Source.Kind.API, "partner_id": client.partner_id},
    )
    return source.pk


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
        try:
            # The key library's own lookup: by prefix among usable keys, hash checked.
            row = PartnerAPIKey.objects.get_from_key(key) if prefix and prefix.isprintable() else None
        except PartnerAPIKey.DoesNotExist:
            row = None
        if row is None or row.has_expired:
            raise exceptions.AuthenticationFailed(_("This API key is not valid."))
        return PartnerClient(row.partner, row.prefix), key

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = PartnerKeyAuthentication
    name = "PartnerKey"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A partner API key from `manage.py partner_api_key`."}


class PartnerThrottle(SimpleRateThrottle):
    """One budget per partner (all its keys together) at PARTNER_API_THROTTLE_RATE, answering
    429 with `Retry-After`.

    On Redis the budget is a counter per partner and window, moved by one pipelined round trip
    of a few bytes (SET NX with the window's expiry, INCR, TTL): the window opens with the
    partner's first request and lasts the rate's period. DRF's own throttle keeps a list of
    every request's time in the cache, read and written back whole by two round trips (at
    600/min, up to 600 floats pickled each way per request). Without Redis (the embedded mode)
    DRF's throttle is used as it is."""

    scope = "partner"
    seconds_left: int | None = None  # the Redis window's remaining seconds, once counted

    def get_rate(self) -> str:
        return settings.PARTNER_API_THROTTLE_RATE  # read per request: tests and admins change it

    def allow_request(self, request, view) -> bool:
        redis = cache_redis()
        if redis is None:
            return super().allow_request(request, view)
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        key = cache.make_key(ident)  # the cache's prefix: its clear and the tests' cleanup see it
        pipe = redis.pipeline(transaction=False)
        pipe.set(key, 0, ex=self.duration, nx=True)
        pipe.incr(key)
        pipe.ttl(key)
        _opened, count, self.seconds_left = pipe.execute()
        return count <= self.num_requests

    def wait(self) -> float | None:
        if self.seconds_left is not None:
            return max(self.seconds_left, 1)
        return super().wait()

    def get_cache_key(self, request, view) -> str | None:
        client = request.user
        if not isinstance(client, PartnerClient):
            return None  # not a partner: nothing to count (authentication refuses it anyway)
        return self.cache_format % {"scope": self.scope, "ident": client.partner_id}
