from django.contrib import admin

from core.admin import ServiceOnlyAdmin

from .models import Assignment, BrandPhotoPolicy, Courier, DeliveryAttempt, DeliveryPhoto


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


# --- photos ---
@admin.register(BrandPhotoPolicy)
class BrandPhotoPolicyAdmin(admin.ModelAdmin):
    """Which photos each brand takes (a brand without a row takes none)."""

    list_display = ("brand", "bouquet_photos", "door_photos")
    list_select_related = ("brand",)


@admin.register(DeliveryPhoto)
class DeliveryPhotoAdmin(ServiceOnlyAdmin):
    """Read-only: photos are attached on the desk or the courier's page (delivery.photos)."""

    list_display = ("order", "kind", "width", "height", "taken_by", "system", "created_at")
    list_filter = ("kind",)
    list_select_related = ("order", "taken_by")
    exclude = ("image",)  # its storage URL is not signed: the desk's order page shows it
