from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox
from .models import OutboxMessage, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "language", "roles",
                    "is_active", "last_login")
    list_filter = ("groups", "language", "is_active", "is_staff")
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Desk"), {"fields": ("language",)}))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def roles(self, user):
        return ", ".join(group.name for group in user.groups.all())


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """What left the desk and what did not: filter by state and channel, read the error,
    "retry now" for failed and dead ones. Rows are written only by the services."""

    list_display = ("id", "channel", "kind", "recipient", "about", "state", "attempts",
                    "next_attempt_at", "short_error", "created_at", "sent_at")
    list_filter = ("state", "channel", "kind")
    search_fields = ("recipient", "about", "event")
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("last error"))
    def short_error(self, message):
        return message.last_error[:80]

    @admin.action(description=_("Retry now (failed and dead ones; sent ones are skipped)"),
                  permissions=["change"])
    def retry_now(self, request, queryset):
        count = outbox.outbox_retry(message_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, ngettext("%(count)d message is on its way again.",
                                           "%(count)d messages are on their way again.", count)
                          % {"count": count})
