from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.placeholders import braced, placeholders_unknown

from .models import BrandNotice, NoticeTemplate
from .services import PLACEHOLDERS


class NoticeTemplateForm(forms.ModelForm):
    """Only the fixed `{placeholders}`: a typo is refused here, not sent to customers."""

    class Meta:
        model = NoticeTemplate
        fields = ("kind", "language", "subject", "body", "sms")

    def clean(self):
        data = super().clean()
        for field in ("subject", "body", "sms"):
            unknown = placeholders_unknown(data.get(field) or "", PLACEHOLDERS)
            if unknown:
                self.add_error(field, _("Unknown placeholders: %(names)s. Allowed: %(allowed)s.")
                               % {"names": ", ".join(unknown),
                                  "allowed": braced(PLACEHOLDERS)})
        return data


@admin.register(NoticeTemplate)
class NoticeTemplateAdmin(admin.ModelAdmin):
    form = NoticeTemplateForm
    list_display = ("kind", "language", "subject", "updated_at")
    list_filter = ("kind", "language")
    search_fields = ("subject", "body", "sms")


@admin.register(BrandNotice)
class BrandNoticeAdmin(admin.ModelAdmin):
    list_display = ("brand", "kind", "email", "sms")
    list_filter = ("brand", "kind", "email", "sms")
    list_editable = ("email", "sms")
