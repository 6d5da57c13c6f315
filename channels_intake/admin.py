import json

from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .email.mime import read_letter
from .models import InboundMessage, InboundState, LabelSet, Partner, PartnerLayout, Source
from .services.inbound import inbound_reprocess


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
                       "last_error_at", "consecutive_failures", "next_poll_at")
    actions = ["poll_now"]

    @admin.action(description=_("Poll now (mail sources)"))
    def poll_now(self, request, queryset):
        from .tasks import poll_source

        chosen = list(queryset.filter(kind__in=(Source.Kind.IMAP, Source.Kind.MAILDIR))
                      .values_list("pk", flat=True))
        for source_id in chosen:
            poll_source.delay(source_id)
        self.message_user(request, ngettext("%(count)d source will be polled.",
                                            "%(count)d sources will be polled.", len(chosen))
                          % {"count": len(chosen)}, messages.SUCCESS)


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ("id", "source", "subject", "sender", "state", "reason", "received_at",
                    "order", "lead")
    list_filter = ("state", "source")
    search_fields = ("subject", "sender", "message_id", "dedup_key")
    list_select_related = ("source", "order", "lead", "lead__brand")
    date_hierarchy = "received_at"
    exclude = ("raw",)
    readonly_fields = ("source", "dedup_key", "message_id", "content_hash", "subject",
                       "sender", "received_at", "origin", "size", "state", "reason",
                       "parsed_result", "order", "lead", "duplicate_of", "processed_at",
                       "attempts", "readable")
    fieldsets = (
        (None, {"fields": ("state", "reason", "order", "lead", "duplicate_of", "processed_at",
                           "attempts")}),
        (_("The message as it arrived"), {"fields": ("readable",)}),
        (_("Parsed result"), {"fields": ("parsed_result",)}),
        (_("Where it came from"), {"fields": ("source", "origin", "received_at", "sender",
                                               "subject", "message_id", "dedup_key",
                                               "content_hash", "size")}),
    )
    actions = ["reprocess"]

    @admin.display(description=_("headers and decoded text"))
    def readable(self, obj):
        """The raw message made readable: its headers beside the decoded text body."""
        raw = bytes(obj.raw or b"")
        head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
        if len(raw) > settings.INTAKE_EMAIL_MAX_BYTES:
            return format_html("<pre>{}</pre>", head.decode("utf-8", "replace"))
        letter = read_letter(raw)
        text = letter.text
        for inner in letter.forwarded:
            text += "\n\n--- " + str(_("forwarded")) + f": {inner.subject}\n{inner.text}"
        return format_html(
            '<div style="display:flex;gap:1em;flex-wrap:wrap">'
            '<pre style="flex:1;min-width:20em;white-space:pre-wrap">{}</pre>'
            '<pre style="flex:2;min-width:30em;white-space:pre-wrap">{}</pre></div>',
            head.decode("utf-8", "replace"), text[:100_000],
        )

    @admin.display(description=_("parsed result"))
    def parsed_result(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.parsed, ensure_ascii=False, indent=2))

    @admin.action(description=_("Read again (messages in review or ignored)"))
    def reprocess(self, request, queryset):
        results = [inbound_reprocess(message_id=pk) for pk in queryset.values_list("pk", flat=True)]
        left = sum(1 for message in results if message.state != InboundState.REVIEW)
        self.message_user(request, ngettext(
            "%(count)d message read again; %(left)d left review.",
            "%(count)d messages read again; %(left)d left review.", len(results),
        ) % {"count": len(results), "left": left}, messages.SUCCESS)


@admin.register(LabelSet)
class LabelSetAdmin(admin.ModelAdmin):
    list_display = ("name", "language", "is_active", "order_subject", "preorder_subject",
                    "updated_at")
    list_filter = ("is_active", "language")
    search_fields = ("name", "order_subject")


@admin.register(PartnerLayout)
class PartnerLayoutAdmin(admin.ModelAdmin):
    list_display = ("name", "partner_code", "is_active", "sender_contains", "subject_pattern",
                    "updated_at")
    list_filter = ("is_active",)
    search_fields = ("name", "partner_code", "sender_contains")


# Partner integrations (issue #5).
from rest_framework_api_key.admin import APIKeyModelAdmin  # noqa: E402

from .models import IdempotencyKey, PartnerAPIKey, WebhookDelivery, WebhookEndpoint  # noqa: E402


@admin.register(PartnerAPIKey)
class PartnerAPIKeyAdmin(APIKeyModelAdmin):
    list_display = (*APIKeyModelAdmin.list_display, "partner")
    list_filter = (*APIKeyModelAdmin.list_filter, "partner")
    list_select_related = ("partner",)


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
