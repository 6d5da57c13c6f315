from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import (
    AddOnRule,
    Category,
    Location,
    Product,
    PromoCode,
    Promotion,
    Reservation,
    StockItem,
)

# Names and descriptions are edited in hy, ru and en side by side (TranslationAdmin shows one
# field per language of catalog/translation.py; English is required).


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ("code", "name_hy", "name_ru", "name_en", "is_mourning", "position")
    list_filter = ("is_mourning",)
    search_fields = ("code", "name_en", "name_ru", "name_hy")
    ordering = ("position",)


class StockInline(admin.TabularInline):
    model = StockItem
    extra = 0
    readonly_fields = ("reserved",)


@admin.register(Product)
class ProductAdmin(TranslationAdmin):
    list_display = ("sku", "name_hy", "name_ru", "name_en", "category", "price", "currency",
                    "is_active")
    list_filter = ("category", "brands", "is_active", "currency")
    search_fields = ("sku", "name_en", "name_ru", "name_hy")
    list_select_related = ("category",)
    filter_horizontal = ("brands",)
    inlines = [StockInline]


@admin.register(Location)
class LocationAdmin(TranslationAdmin):
    list_display = ("name_hy", "name_ru", "name_en", "kind", "priority")
    list_filter = ("kind",)
    search_fields = ("name_hy", "name_ru", "name_en")


@admin.register(StockItem)
class StockItemAdmin(admin.ModelAdmin):
    list_display = ("product", "location", "on_hand", "reserved", "free")
    list_filter = ("location", "product__category")
    search_fields = ("product__sku", "product__name_hy", "product__name_ru", "product__name_en")
    list_select_related = ("product", "location")
    # Reservations move only through the stock services, never by hand.
    readonly_fields = ("reserved",)

    @admin.display(description=_("free"))
    def free(self, stock):
        return stock.free


@admin.register(AddOnRule)
class AddOnRuleAdmin(admin.ModelAdmin):
    list_display = ("category", "addon", "is_festive", "position")
    list_filter = ("category", "is_festive")
    list_select_related = ("category", "addon")
    autocomplete_fields = ("addon",)


class PromoCodeInline(admin.TabularInline):
    model = PromoCode
    extra = 0
    readonly_fields = ("times_used",)


@admin.register(Promotion)
class PromotionAdmin(TranslationAdmin):
    list_display = ("name", "kind", "value", "currency", "valid_from", "valid_until", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name_hy", "name_ru", "name_en", "codes__code")
    inlines = [PromoCodeInline]


@admin.register(PromoCode)
class PromoCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "promotion", "max_uses", "times_used")
    search_fields = ("code",)
    list_select_related = ("promotion",)
    readonly_fields = ("times_used",)


@admin.register(Reservation)
class ReservationAdmin(admin.ModelAdmin):
    """Read-only: reservations are made and released by the order state machine."""

    list_display = ("line", "stock", "quantity", "created_at")
    list_select_related = ("line__order", "stock__product", "stock__location")
    search_fields = ("stock__product__sku", "line__order__id")
    list_filter = ("stock__location",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
