"""The delivery board (desk/views/delivery.py) and the outcomes of a delivery on the order
page."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.days import DayField
from core.text import LineField, TextField
from delivery.forms.common import failure_checked
from delivery.models import Courier, DeliveryAttempt
from orders.services import delivery_date_range

from .common import VersionedForm, date_input, desk_moment, time_input, window_checked
from .order import EditForm


class _DeliveredWhen(forms.Form):
    """When it was delivered, in Yerevan time: both empty means now."""

    delivered_date = DayField(label=_("Delivered on"), required=False,
                              widget=date_input())
    delivered_time = forms.TimeField(label=_("at"), required=False, widget=time_input())
    received_by = LineField(label=_("Received by (when not the recipient)"),
                            required=False, max_length=200)

    def clean(self):
        data = super().clean()
        day, moment = data.get("delivered_date"), data.get("delivered_time")
        if (day is None) != (moment is None):
            raise forms.ValidationError(_("Give the day and the time, or neither (now)."))
        return data

    def delivered_at(self) -> datetime | None:
        return desk_moment(self.cleaned_data.get("delivered_date"),
                           self.cleaned_data.get("delivered_time"))


class DeliveredForm(VersionedForm, _DeliveredWhen):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "delivered-%s")
        super().__init__(*args, **kwargs)


class ReportLateForm(VersionedForm, _DeliveredWhen):
    note = LineField(label=_("Note for the timeline"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "report-%s")
        super().__init__(*args, **kwargs)
        self.fields["delivered_date"].required = True
        self.fields["delivered_time"].required = True


class FailedForm(VersionedForm):
    failure_reason = forms.ChoiceField(label=_("Why it failed"),
                                       choices=DeliveryAttempt.FailureReason.choices)
    note = TextField(label=_("What happened (required for “other”)"), required=False,
                     max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "failed-%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        return failure_checked(self, super().clean())


class ResendForm(VersionedForm):
    courier = forms.ModelChoiceField(label=_("Courier"),
                                     queryset=Courier.objects.filter(is_active=True))
    delivery_date = DayField(label=_("Delivery date"), widget=date_input())
    window_from = forms.TimeField(label=_("Window from"), required=False, widget=time_input())
    window_until = forms.TimeField(label=_("Window until"), required=False, widget=time_input())
    note = LineField(label=_("Note for the timeline"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "resend-%s")
        super().__init__(*args, **kwargs)

    clean_delivery_date = EditForm.clean_delivery_date

    def clean(self):
        return window_checked(self, super().clean())

    def window(self) -> tuple[datetime | None, datetime | None]:
        data = self.cleaned_data
        day = data["delivery_date"]
        return (desk_moment(day, data.get("window_from")),
                desk_moment(day, data.get("window_until")))


class IdListField(forms.Field):
    """Row ids from checkboxes of one name: digits only, a bounded number of them."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, max_count: int, **kwargs):
        self.max_count = max_count
        super().__init__(**kwargs)

    def to_python(self, value):
        values = value or []
        if isinstance(values, str):
            values = [values]
        if len(values) > self.max_count:
            raise forms.ValidationError(_("Choose at most %(n)s orders at once."),
                                        params={"n": self.max_count})
        ids = []
        for item in values:
            text = str(item).strip()
            if not (text.isdigit() and len(text) <= 18):
                raise forms.ValidationError(_("Choose orders from the board."))
            ids.append(int(text))
        return ids

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(_("Choose the orders to assign."))


class BoardDayForm(forms.Form):
    day = DayField(label=_("Day"), required=False, widget=date_input())

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day is None:
            return None
        first, last = delivery_date_range()
        if not first <= day <= last:
            raise forms.ValidationError(
                _("Choose a day between %(first)s and %(last)s."),
                params={"first": first.isoformat(), "last": last.isoformat()})
        return day


class BoardAssignForm(forms.Form):
    orders = IdListField(max_count=300)
    courier = forms.ModelChoiceField(label=_("Courier"),
                                     queryset=Courier.objects.filter(is_active=True))
    day = DayField(required=False, widget=forms.HiddenInput)
