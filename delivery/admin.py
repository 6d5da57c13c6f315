from django.contrib import admin

from core.admin import ServiceOnlyAdmin

from .models import (
    Assignment,
    Booking,
    BrandPhotoPolicy,
    Carrier,
    ControlItem,
    Courier,
    DateCapacity,
    DeliveryAttempt,
    DeliveryPhoto,
    Hold,
    ParcelEvent,
    WindowCapacity,
    Zone,
    ZoneArea,
)


@admin.register(Courier)
class CourierAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "company", "carrier", "phone", "is_active")
    list_filter = ("kind", "is_active", "carrier")
    list_select_related = ("carrier",)
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
# --- track ---
@admin.register(Carrier)
class CarrierAdmin(admin.ModelAdmin):
    """The tracking page and API of a parcel network (admins only: the desk connects there).
    Its health (last poll, last error) is written by the tracking poll."""

    list_display = ("name", "api_kind", "is_active", "last_poll_at", "consecutive_failures")
    list_filter = ("api_kind", "is_active")
    search_fields = ("name",)
    readonly_fields = ("last_poll_at", "last_error", "consecutive_failures")


@admin.register(ParcelEvent)
class ParcelEventAdmin(ServiceOnlyAdmin):
    """Read-only: statuses are recorded by delivery.tracking.services."""

    list_display = ("attempt", "status", "location", "waiting", "delivered", "happened_at",
                    "system", "actor")
    list_filter = ("waiting", "delivered", "system")
    list_select_related = ("attempt__order", "attempt__courier", "actor")
    search_fields = ("attempt__tracking_number", "status", "location")
    date_hierarchy = "happened_at"
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


# --- capacity (issue 20): zones and their windows are managers' data; the ledger is services' --

class ZoneAreaInline(admin.TabularInline):
    model = ZoneArea
    extra = 1


class WindowCapacityInline(admin.TabularInline):
    model = WindowCapacity
    extra = 0


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_default")
    search_fields = ("name", "code", "areas__name")
    inlines = [ZoneAreaInline, WindowCapacityInline]


@admin.register(DateCapacity)
class DateCapacityAdmin(admin.ModelAdmin):
    list_display = ("day", "zone", "starts", "ends", "places")
    list_filter = ("zone",)
    list_select_related = ("zone",)
    date_hierarchy = "day"


@admin.register(Booking)
class BookingAdmin(ServiceOnlyAdmin):
    """Read-only: places are taken and given back by the services (orders.capacity)."""

    list_display = ("order", "zone", "day", "slot", "over_capacity", "override_reason",
                    "overridden_by", "booked_at")
    list_filter = ("over_capacity", "zone")
    list_select_related = ("order", "zone", "slot", "overridden_by")
    date_hierarchy = "day"


@admin.register(Hold)
class HoldAdmin(ServiceOnlyAdmin):
    list_display = ("user", "slot", "expires_at")
    list_select_related = ("user", "slot__zone")
