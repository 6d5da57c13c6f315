from django.contrib import admin
from django.db import models

from .models import InboundMessage, Partner, Source


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "brand", "is_active", "contact_email")
    list_filter = ("is_active", "brand")
    search_fields = ("code", "name")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "brand", "partner", "is_active", "poll_interval",
                    "last_success_at", "last_error_at", "consecutive_failures")
    list_filter = ("kind", "is_active", "brand")
    search_fields = ("name", "host", "username", "url")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ("cursor", "last_poll_at", "last_success_at", "last_error",
                       "last_error_at", "consecutive_failures")


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ("id", "source", "subject", "sender", "state", "reason", "received_at",
                    "order", "lead")
    list_filter = ("state", "source")
    search_fields = ("subject", "sender", "message_id", "dedup_key")
    list_select_related = ("source", "order", "lead")
    date_hierarchy = "received_at"
    exclude = ("raw",)
    readonly_fields = ("source", "dedup_key", "message_id", "content_hash", "subject",
                       "sender", "received_at", "state", "reason", "parsed", "order", "lead",
                       "duplicate_of", "processed_at", "attempts")


# Partner integrations (issue #5).
from rest_framework_api_key.admin import APIKeyModelAdmin  # noqa: E402

from .api.auth import api_key_forget  # noqa: E402
from .models import IdempotencyKey, PartnerAPIKey, WebhookDelivery, WebhookEndpoint  # noqa: E402


@admin.register(PartnerAPIKey)
class PartnerAPIKeyAdmin(APIKeyModelAdmin):
    list_display = (*APIKeyModelAdmin.list_display, "partner")
    list_filter = (*APIKeyModelAdmin.list_filter, "partner")
    list_select_related = ("partner",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        api_key_forget(obj.prefix)  # a key revoked here stops working at once, not in a minute


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(admin.ModelAdmin):
    list_display = ("key", "partner", "response_status", "created_at")
    list_filter = ("partner",)
    search_fields = ("key",)
    list_select_related = ("partner",)
    readonly_fields = ("partner", "key", "request_hash", "response_status", "response_body",
                       "created_at")


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ("url", "partner", "is_active", "created_at")
    list_filter = ("is_active", "partner")
    list_select_related = ("partner",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("id", "event", "endpoint", "order", "status", "attempts", "response_code",
                    "next_retry_at", "created_at")
    list_filter = ("status", "event")
    list_select_related = ("endpoint", "order")
    date_hierarchy = "created_at"
    readonly_fields = ("endpoint", "order", "event", "payload", "status", "attempts",
                       "response_code", "last_error", "next_retry_at", "created_at", "delivered_at")
