"""The resolve form of the next-morning control list (desk/views/control.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.days import DayField
from core.text import LineField, TextField
from delivery.control.services import NOTE_MAX, REASON_MAX
from delivery.models import ControlItem
from orders.services import delivery_date_range

from .common import date_input, desk_moment, time_input, window_checked

Resolution = ControlItem.Resolution


class ControlResolveForm(forms.Form):
    """What was done, how the customer was contacted, what they are told; then the fields
    of the resolution chosen (the new day and courier, when it was delivered, the reason)."""

    resolution = forms.ChoiceField(label=_("What was done"), choices=Resolution.choices)
    contact = forms.ChoiceField(label=_("Customer contacted"),
                                choices=ControlItem.Contact.choices)
    note = TextField(label=_("What the customer is told (e-mailed as written)"),
                     max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}))
    # Sent again
    courier = forms.TypedChoiceField(label=_("Courier"), required=False, coerce=int,
                                     empty_value=None)
    delivery_date = DayField(label=_("New delivery date"), required=False,
                             widget=date_input())
    window_from = forms.TimeField(label=_("Window from"), required=False, widget=time_input())
    window_until = forms.TimeField(label=_("Window until"), required=False, widget=time_input())
    # Delivered after all
    delivered_on = DayField(label=_("Delivered on"), required=False, widget=date_input())
    delivered_time = forms.TimeField(label=_("Delivered at"), required=False,
                                     widget=time_input())
    received_by = LineField(label=_("Received by (when not the recipient)"),
                            required=False, max_length=200)
    # Refunded, cancelled
    reason = LineField(label=_("Reason (cancelled or refunded)"), required=False,
                       max_length=REASON_MAX)

    def __init__(self, *args, couriers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["courier"].choices = [("", "—"), *couriers]

    def clean(self):
        data = super().clean()
        resolution = data.get("resolution")
        if resolution == Resolution.SENT_AGAIN:
            day = data.get("delivery_date")
            first, last = delivery_date_range()
            if day is None:
                self.add_error("delivery_date", _("Say the new delivery date."))
            elif not first <= day <= last:
                self.add_error("delivery_date", _(
                    "Choose a delivery date between %(first)s and %(last)s.") % {
                    "first": first.isoformat(), "last": last.isoformat()})
            window_checked(self, data)
        elif resolution == Resolution.DELIVERED_LATE:
            if data.get("delivered_on") is None or data.get("delivered_time") is None:
                self.add_error("delivered_on", _("Say when it was delivered."))
        elif resolution == Resolution.CANCELLED and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the order is cancelled."))
        return data

    def service_arguments(self) -> dict:
        """control_resolve's arguments (less the item and the actor)."""
        data = self.cleaned_data
        arguments = {"resolution": data["resolution"], "contact": data["contact"],
                     "note": data["note"], "reason": data.get("reason", "")}
        if data["resolution"] == Resolution.SENT_AGAIN:
            day = data["delivery_date"]
            arguments |= {"courier_id": data.get("courier"), "delivery_date": day,
                          "window_start": desk_moment(day, data.get("window_from")),
                          "window_end": desk_moment(day, data.get("window_until"))}
        elif data["resolution"] == Resolution.DELIVERED_LATE:
            arguments |= {"delivered_at": desk_moment(data["delivered_on"], data["delivered_time"]),
                          "received_by": data.get("received_by", "")}
        return arguments
