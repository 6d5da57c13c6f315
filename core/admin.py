from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


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
