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


class ServiceOnlyAdmin(admin.ModelAdmin):
    """Read-only in the admin: no add, no change, no delete (superusers included). Rows move
    only through the services, which keep the timeline, the version check, the notices and the
    totals; actions that call them declare `permissions=["service"]`, granted to whoever may
    change the model."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_service_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


class ReadOnlyInline(admin.TabularInline):
    """Rows shown inside a ServiceOnlyAdmin page, never edited there."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ServiceOnlyAdmin):
    """What left the desk and what did not: filter by state and channel, read the error,
    "retry now" for failed and dead ones. Rows are written only by the services."""

    list_display = ("id", "channel", "kind", "recipient", "about", "state", "attempts",
                    "next_attempt_at", "short_error", "created_at", "sent_at")
    list_filter = ("state", "channel", "kind")
    search_fields = ("recipient", "about", "event")
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    actions = ["retry_now"]

    @admin.display(description=_("last error"))
    def short_error(self, message):
        return message.last_error[:80]

    @admin.action(description=_("Retry now (failed and dead ones; sent ones are skipped)"),
                  permissions=["service"])
    def retry_now(self, request, queryset):
        count = outbox.outbox_retry(message_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, ngettext("%(count)d message is on its way again.",
                                           "%(count)d messages are on their way again.", count)
                          % {"count": count})
