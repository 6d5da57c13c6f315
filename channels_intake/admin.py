import json

from django.contrib import admin, messages
from django.db import models
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.roles import ADMIN, has_role

from .models import (
    InboundMessage,
    InboundState,
    LabelSet,
    PartnerLayout,
    Source,
    StorefrontSender,
    TrustedForwarder,
)
from .selectors import forwarders_without_dkim, senders_without_dkim
from .services.inbound import inbound_reprocess


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
    exclude = ("raw", "headers_text", "body_text", "conflicts")
    readonly_fields = ("source", "dedup_key", "message_id", "content_hash", "subject",
                       "sender", "received_at", "origin", "size", "state", "reason",
                       "parsed_result", "order", "lead", "duplicate_of", "processed_at",
                       "attempts", "readable", "differences")
    fieldsets = (
        (None, {"fields": ("state", "reason", "order", "lead", "duplicate_of", "differences",
                           "processed_at", "attempts")}),
        (_("The message as it arrived"), {"fields": ("readable",)}),
        (_("Parsed result"), {"fields": ("parsed_result",)}),
        (_("Where it came from"), {"fields": ("source", "origin", "received_at", "sender",
                                               "subject", "message_id", "dedup_key",
                                               "content_hash", "size")}),
    )
    actions = ["reprocess"]

    def get_queryset(self, request):
        # The raw bytes (up to INTAKE_EMAIL_MAX_BYTES each) are never needed by these pages.
        return super().get_queryset(request).defer("raw")

    class Media:
        # Layout by classes: the Content-Security-Policy refuses style="" attributes.
        css = {"all": ("css/admin.css",)}

    @admin.display(description=_("headers and decoded text"))
    def readable(self, obj):
        """The message as a person reads it: headers beside the text, both decoded once when it
        was processed and stored. Never parsed here (issue #11: re-parsing a big message on each
        page view took a web worker to 800 MB)."""
        if not obj.headers_text and not obj.body_text:
            return _("Not decoded yet: it is decoded when it is processed (or read again).")
        return format_html(
            '<div class="rg-raw"><pre class="rg-raw-head">{}</pre>'
            '<pre class="rg-raw-text">{}</pre></div>',
            obj.headers_text, obj.body_text or _("(not read: see the reason)"),
        )

    @admin.display(description=_("differences from the first"))
    def differences(self, obj):
        return render_to_string("channels_intake/_conflicts.html", {"message": obj})

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


class AdminsOnly:
    """Who may send a storefront order, and whose forwards count, is the admins' decision
    (issue #11): managers and operators may look, not change."""

    def has_add_permission(self, request, *args):
        return has_role(request.user, ADMIN) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return has_role(request.user, ADMIN) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return has_role(request.user, ADMIN) and super().has_delete_permission(request, obj)


class WarnsWithoutDkim:
    """The list says, every time it is shown, which active rows are trusted without DKIM (the
    same rows `check --deploy` warns about, issue 17), and flags each row in a column."""

    @admin.display(boolean=True, description=_("DKIM checked"))
    def is_dkim_checked(self, obj) -> bool:
        return bool(obj.dkim_domain)

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            names = list(dict.fromkeys(str(row) for row in self.without_dkim()))
            if names:
                messages.warning(request, self.warning(len(names)) % {"names": ", ".join(names)})
        return super().changelist_view(request, extra_context)


@admin.register(StorefrontSender)
class StorefrontSenderAdmin(WarnsWithoutDkim, AdminsOnly, admin.ModelAdmin):
    list_display = ("address", "brand", "dkim_domain", "is_dkim_checked", "is_active")
    list_filter = ("brand", "is_active")
    search_fields = ("address", "dkim_domain")
    list_select_related = ("brand",)

    without_dkim = staticmethod(senders_without_dkim)

    @staticmethod
    def warning(count: int) -> str:
        return ngettext(
            "No DKIM domain on %(names)s: its From: line is taken at its word, so anyone who "
            "writes it makes an order, paid if the e-mail says so. Set its DKIM domain.",
            "No DKIM domain on %(names)s: their From: line is taken at its word, so anyone who "
            "writes it makes an order, paid if the e-mail says so. Set their DKIM domains.",
            count)


@admin.register(TrustedForwarder)
class TrustedForwarderAdmin(WarnsWithoutDkim, AdminsOnly, admin.ModelAdmin):
    list_display = ("domain", "dkim_domain", "is_dkim_checked", "is_active")
    list_filter = ("is_active",)
    search_fields = ("domain",)

    without_dkim = staticmethod(forwarders_without_dkim)

    @staticmethod
    def warning(count: int) -> str:
        return ngettext(
            "No DKIM domain on %(names)s: anyone who writes a From: address in it forwards "
            "storefront e-mails as staff. Set its DKIM domain.",
            "No DKIM domain on %(names)s: anyone who writes a From: address in them forwards "
            "storefront e-mails as staff. Set their DKIM domains.",
            count)


# Partner integrations (issue #5).
from rest_framework_api_key.admin import APIKeyModelAdmin  # noqa: E402

from .models import IdempotencyKey, PartnerAPIKey, WebhookEndpoint  # noqa: E402
from .webhooks.services import webhook_endpoint_secret_rotate  # noqa: E402


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
    """The signing secret is write-only: made when the endpoint is added and by "rotate", shown
    on that one answer page, never in a form, a list or a later page."""

    list_display = ("url", "partner", "is_active", "created_at")
    list_filter = ("is_active", "partner")
    list_select_related = ("partner",)
    exclude = ("secret",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["rotate_secret"]

    def response_add(self, request, obj, post_url_continue=None):
        return self._secrets_once(request, [(obj, obj.secret)])

    @admin.action(description=_("Rotate the signing secret (the new one is shown once)"),
                  permissions=["change"])
    def rotate_secret(self, request, queryset):
        shown = [(endpoint, webhook_endpoint_secret_rotate(endpoint_id=endpoint.pk))
                 for endpoint in queryset.select_related("partner")]
        return self._secrets_once(request, shown)

    def _secrets_once(self, request, shown):
        response = TemplateResponse(
            request, "admin/channels_intake/webhookendpoint/secrets_once.html",
            {**self.admin_site.each_context(request), "opts": self.model._meta, "shown": shown,
             "title": _("Signing secrets")})
        add_never_cache_headers(response)  # no copy in a browser or proxy cache
        return response

