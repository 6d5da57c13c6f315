from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .exceptions import OrderError
from .models import Brand, Customer, Lead, Order, OrderEvent, OrderLine, Status


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "email", "site_domain")
    search_fields = ("code", "name")


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("name", "phone", "email", "language", "created_at")
    list_filter = ("language",)
    search_fields = ("name", "phone", "email")
    date_hierarchy = "created_at"


class LineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    fields = ("product", "sku", "name", "quantity", "unit_price", "is_upsell")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    fields = ("created_at", "kind", "actor", "system", "message", "before", "after")
    readonly_fields = fields
    can_delete = False
    ordering = ("created_at", "id")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Read-mostly: status moves go through the state machine (the actions below)."""

    list_display = ("id", "brand", "channel", "status", "customer", "recipient_name",
                    "delivery_date", "total", "currency", "has_unknown_items",
                    "has_total_mismatch", "created_at")
    list_filter = ("status", "channel", "brand", "delivery_date", "has_unknown_items",
                   "has_total_mismatch", "is_paid", "payment_method")
    search_fields = ("id", "site_number", "partner_order_id", "customer__phone",
                     "customer__name", "recipient_name", "recipient_phone")
    list_select_related = ("brand", "customer")
    date_hierarchy = "delivery_date"
    readonly_fields = ("status", "version", "subtotal", "discount", "total", "promo_code",
                       "customer", "partner", "created_at", "updated_at")
    raw_id_fields = ("customer",)
    inlines = [LineInline, EventInline]
    actions = ["cancel_orders"]

    @admin.action(description=_("Cancel the selected orders (releases stock)"),
                  permissions=["change"])
    def cancel_orders(self, request, queryset):
        done = 0
        for order_id in queryset.values_list("pk", flat=True):
            try:
                services.order_move(order_id=order_id, to=Status.CANCELLED, actor=request.user,
                                    note=str(_("cancelled in the admin")))
                done += 1
            except OrderError as exc:
                self.message_user(request, exc.message, messages.WARNING)
        self.message_user(request, _("%(n)d order(s) cancelled.") % {"n": done})


@admin.register(OrderEvent)
class OrderEventAdmin(admin.ModelAdmin):
    list_display = ("order", "kind", "actor", "system", "channel", "created_at")
    list_filter = ("kind", "channel")
    list_select_related = ("order", "actor")
    search_fields = ("order__id", "message")
    date_hierarchy = "created_at"

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ("id", "brand", "site_number", "customer", "status", "total", "currency",
                    "delivery_date", "order", "created_at")
    list_filter = ("status", "brand")
    search_fields = ("site_number", "customer__phone", "customer__name")
    list_select_related = ("brand", "customer", "order")
    readonly_fields = ("order", "details", "closed_at")
    raw_id_fields = ("customer",)
