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
