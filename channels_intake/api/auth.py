"""`Authorization: Bearer <key>` for partners, and a per-partner throttle.

The key is read on every request (one indexed query by its public prefix, joined to the
partner), never cached: a key deleted, revoked or expired, or a partner set inactive, stops
working with the very next request, however the change was made (admin, queryset, shell)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.throttling import SimpleRateThrottle

from ..models import PartnerAPIKey, Source


@dataclass(frozen=True)
class PartnerClient:
    """`request.user` for a partner: who is calling, without a database row per request."""

    partner_id: int
    partner_code: str
    key_prefix: str

    is_authenticated = True
    is_anonymous = False
    pk = None  # events written on its behalf name the partner as the system, not a user


def api_source_id(*, partner_id: int, partner_code: str) -> int:
    """Each partner's pushed orders arrive through its own `api-<code>` source."""
    source, _created = Source.objects.get_or_create(
        name=f"api-{partner_code}"[:60], defaults={"kind": Source.Kind.API, "partner_id": partner_id},
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
        return PartnerClient(row.partner_id, row.partner.code, row.prefix), key

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = PartnerKeyAuthentication
    name = "PartnerKey"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A partner API key from `manage.py partner_api_key`."}


class PartnerThrottle(SimpleRateThrottle):
    """DRF's throttle, one budget per partner (all its keys together) on the shared cache, at
    PARTNER_API_THROTTLE_RATE. Answers 429 with `Retry-After`."""

    scope = "partner"

    def get_rate(self) -> str:
        return settings.PARTNER_API_THROTTLE_RATE  # read per request: tests and admins change it

    def get_cache_key(self, request, view) -> str | None:
        client = request.user
        if not isinstance(client, PartnerClient):
            return None  # not a partner: nothing to count (authentication refuses it anyway)
        return self.cache_format % {"scope": self.scope, "ident": client.partner_id}
