from django.contrib import admin

from core.admin import ServiceOnlyAdmin

from .models import Assignment, ControlItem, Courier, DeliveryAttempt


@admin.register(Courier)
class CourierAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "company", "phone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "company", "phone")


@admin.register(Assignment)
class AssignmentAdmin(ServiceOnlyAdmin):
    """Read-only: a courier is assigned on the desk (delivery.services), never by hand."""

    list_display = ("order", "courier", "assigned_by", "assigned_at")
    list_filter = ("courier__kind", "courier")
    list_select_related = ("order", "courier", "assigned_by")
    search_fields = ("order__id", "courier__name")


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(ServiceOnlyAdmin):
    """Read-only: attempts are recorded by delivery.services."""

    list_display = ("order", "courier", "status", "failure_reason", "tracking_number",
                    "started_at", "finished_at")
    list_filter = ("status", "failure_reason", "courier__kind")
    list_select_related = ("order", "courier")
    search_fields = ("order__id", "tracking_number", "courier__name")
    date_hierarchy = "started_at"


# --- control ---
@admin.register(ControlItem)
class ControlItemAdmin(ServiceOnlyAdmin):
    """Read-only: the list is built by delivery.control.services and resolved on the desk."""

    list_display = ("order", "reason", "owner", "deadline", "resolution", "contact",
                    "resolved_at", "escalated_at")
    list_filter = ("reason", "resolution", "contact")
    list_select_related = ("order", "owner")
    search_fields = ("order__id",)
    date_hierarchy = "day"
