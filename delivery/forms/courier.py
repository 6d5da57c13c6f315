"""The courier's own page (delivery/views/courier.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import LineField
from delivery.models import DeliveryAttempt

from .common import failure_checked


class CourierFailedForm(forms.Form):
    """The courier's own page: why it failed (a note when "other")."""

    failure_reason = forms.ChoiceField(label=_("Why it failed"),
                                       choices=DeliveryAttempt.FailureReason.choices)
    note = LineField(label=_("What happened"), required=False, max_length=500)

    def clean(self):
        return failure_checked(self, super().clean())
