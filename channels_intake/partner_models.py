"""What a partner integration needs beside its orders: API keys, idempotency records and
webhook endpoints with every delivery attempt (imported by models.py)."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey, APIKeyManager


class PartnerAPIKeyManager(APIKeyManager):
    """The key library's manager: its `get_from_key` reads the key by prefix and checks its
    hash; a usable key is also one whose partner is active, and comes with that partner and its
    brand (what the intake door would otherwise read again). One indexed query per request,
    never cached, so a revocation holds from the next request."""

    def get_usable_keys(self):
        return (super().get_usable_keys().filter(partner__is_active=True)
                .select_related("partner__brand"))


class PartnerAPIKey(AbstractAPIKey):
    """A partner's key for `/api/v1/`, stored hashed (the key itself is shown once).

    A partner may hold several (rotation without downtime); a revoked key never works again."""

    partner = models.ForeignKey("orders.Partner", on_delete=models.CASCADE,
                                related_name="api_keys", verbose_name=_("partner"))

    objects = PartnerAPIKeyManager()

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("partner API key")
        verbose_name_plural = _("partner API keys")


class IdempotencyKey(models.Model):
    """The first answer to a POST carrying an `Idempotency-Key`, replayed to every retry.

    Claimed by an INSERT under the unique (partner, key) constraint in the same transaction
    as the order, so concurrent twins wait for the first to commit and then replay it."""

    partner = models.ForeignKey("orders.Partner", on_delete=models.CASCADE,
                                related_name="idempotency_keys", verbose_name=_("partner"))
    key = models.CharField(_("key"), max_length=255)
    request_hash = models.CharField(_("request body SHA-256"), max_length=64)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True)
    # The exact bytes sent the first time (as text), so a replay is byte-for-byte the same.
    response_body = models.TextField(_("response body"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["partner", "key"], name="idempotency_once_per_partner"),
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return self.key


def new_signing_secret() -> str:
    return secrets.token_urlsafe(32)


_new_secret = new_signing_secret  # the name migration 0010 refers to


class WebhookEndpoint(models.Model):
    """Where a partner wants to hear about its orders' status changes."""

    partner = models.ForeignKey("orders.Partner", on_delete=models.CASCADE,
                                related_name="webhook_endpoints", verbose_name=_("partner"))
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=100, default=new_signing_secret)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["partner", "url"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        indexes = [models.Index(fields=["partner", "is_active"])]

    def __str__(self) -> str:
        return self.url
