from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyInline, ServiceOnlyAdmin
from core.text import LineField

from .exceptions import OrderError
from .models import (
    Brand,
    Customer,
    Lead,
    Order,
    OrderEvent,
    OrderLine,
    Partner,
)
from .services import editing


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "email", "site_domain")
    search_fields = ("code", "name")


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    """A partner is an orders model. What channels_intake keeps of one is in channels_intake's
    own admin: its API keys and webhook endpoints (filtered by partner), its mail layouts (by
    partner code)."""

    list_display = ("code", "name", "brand", "is_active", "contact_email")
    list_filter = ("is_active", "brand")
    search_fields = ("code", "name")


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("name", "phone", "email", "language", "created_at")
    list_filter = ("language",)
    search_fields = ("name", "phone", "email")
    date_hierarchy = "created_at"


class LineInline(ReadOnlyInline):
    model = OrderLine
    fields = ("product", "sku", "name", "quantity", "unit_price", "is_upsell")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = OrderEvent
    fields = ("created_at", "kind", "actor", "system", "message", "before", "after")
    readonly_fields = fields
    ordering = ("created_at", "id")


class CancelForm(forms.Form):
    reason = LineField(label=_("Why are they cancelled?"), max_length=300)


@admin.register(Order)
class OrderAdmin(ServiceOnlyAdmin):
    """Read-only: an order changes on the desk, or here through actions that call the same
    services (cancel with a reason, mark handled). Never deleted: cancelled."""

    list_display = ("id", "brand", "channel", "status", "customer", "recipient_name",
                    "delivery_date", "total", "currency", "has_unknown_items",
                    "has_total_mismatch", "created_at")
    list_filter = ("status", "channel", "brand", "delivery_date", "has_unknown_items",
                   "has_total_mismatch", "is_paid", "payment_method")
    search_fields = ("id", "site_number", "partner_order_id", "customer__phone",
                     "customer__name", "recipient_name", "recipient_phone")
    list_select_related = ("brand", "customer")
    date_hierarchy = "delivery_date"
    inlines = [LineInline, EventInline]
    actions = ["cancel_orders", "mark_handled"]

    @admin.action(description=_("Cancel the selected orders (releases stock)"),
                  permissions=["service"])
    def cancel_orders(self, request, queryset):
        """Asks for the reason first (the timeline and the customer's notice carry it)."""
        form = CancelForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(request, "admin/orders/order/cancel.html", {
                **self.admin_site.each_context(request), "title": _("Cancel orders"),
                "opts": self.opts, "form": form, "orders": queryset,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            })
        done = 0
        for order_id in queryset.values_list("pk", flat=True):
            try:
                editing.order_cancel(order_id=order_id, actor=request.user,
                                     reason=form.cleaned_data["reason"])
                done += 1
            except OrderError as exc:
                self.message_user(request, exc.message, messages.WARNING)
        self.message_user(request, _("%(n)d order(s) cancelled.") % {"n": done})
        return None

    @admin.action(description=_("Mark what needed a person as handled"),
                  permissions=["service"])
    def mark_handled(self, request, queryset):
        for order_id in queryset.values_list("pk", flat=True):
            editing.order_attention_clear(order_id=order_id, actor=request.user,
                                          note=str(_("handled in the admin")))
        self.message_user(request, _("Marked as handled."))


@admin.register(OrderEvent)
class OrderEventAdmin(ServiceOnlyAdmin):
    list_display = ("order", "kind", "actor", "system", "channel", "created_at")
    list_filter = ("kind", "channel")
    list_select_related = ("order", "actor")
    search_fields = ("order__id", "message")
    date_hierarchy = "created_at"


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ("id", "brand", "site_number", "customer", "status", "total", "currency",
                    "delivery_date", "order", "created_at")
    list_filter = ("status", "brand")
    search_fields = ("site_number", "customer__phone", "customer__name")
    list_select_related = ("brand", "customer", "order")
    readonly_fields = ("order", "details", "closed_at")
    raw_id_fields = ("customer",)
