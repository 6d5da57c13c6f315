from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import CallTopic, Inquiry, InquiryMessage, PeakDay, ReadyAnswer, WorkingHours


# Topics, titles and call topics are edited in hy, ru and en (inquiries/translation.py).
@admin.register(ReadyAnswer)
class ReadyAnswerAdmin(TranslationAdmin):
    list_display = ("topic", "title", "is_active")
    list_filter = ("is_active", "topic")
    search_fields = ("topic", "title", "text_hy", "text_ru", "text_en")


@admin.register(CallTopic)
class CallTopicAdmin(TranslationAdmin):
    list_display = ("name", "forward_to", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "forward_to")


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    list_display = ("weekday", "start", "end")
    list_filter = ("weekday",)


@admin.register(PeakDay)
class PeakDayAdmin(admin.ModelAdmin):
    list_display = ("date", "start", "end")
    date_hierarchy = "date"


class InquiryMessageInline(admin.TabularInline):
    model = InquiryMessage
    extra = 0
    fields = ("at", "direction", "channel", "author", "text", "message_id", "outbox")
    readonly_fields = fields
    can_delete = False


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = ("__str__", "tab", "channel", "state", "name", "owner", "opened_at", "due_at")
    list_filter = ("tab", "state", "channel")
    search_fields = ("token", "name", "email", "phone", "topic")
    raw_id_fields = ("order", "product", "customer", "owner", "created_by")
    inlines = [InquiryMessageInline]
    readonly_fields = ("token", "clock_seconds", "clock_running_since", "due_at",
                       "first_answer_at", "closed_at", "close_seconds")
