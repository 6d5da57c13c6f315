from django.contrib import admin

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("order", "brand", "channel", "courier", "rating", "requested_at", "answered_at")
    list_filter = ("rating", "brand", "channel")
    date_hierarchy = "requested_at"
    raw_id_fields = ("order",)
    readonly_fields = ("order", "brand", "channel", "courier", "requested_at", "rating",
                       "comment", "language", "answered_at")

    def has_add_permission(self, request):
        return False
