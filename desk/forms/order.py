"""The action forms of the order page (desk/views/order.py)."""

from __future__ import annotations

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from core.days import DayField
from core.phones import parse_phone
from core.text import LineField, TextField
from delivery.models import Courier
from orders.services import delivery_date_range

from .common import (
    MAX_ADDRESS,
    MAX_QUANTITY,
    MAX_TEXT,
    VersionedForm,
    date_input,
    desk_moment,
    desk_zone,
    time_input,
    window_checked,
)

_SNAPSHOT_SALT = "orders.desk.snapshot"


def sign_snapshot(snapshot: dict[str, str]) -> str:
    return signing.dumps(snapshot, salt=_SNAPSHOT_SALT, compress=True)


def read_snapshot(value: str) -> dict[str, str]:
    try:
        return signing.loads(value or "", salt=_SNAPSHOT_SALT)
    except signing.BadSignature:
        return {}


class ConfirmForm(VersionedForm):
    REACHED, NOT_REACHED = "reached", "not_reached"
    outcome = forms.ChoiceField(label=_("Call outcome"), widget=forms.RadioSelect, choices=[
        (REACHED, _("Reached: confirmed")), (NOT_REACHED, _("Not reached: e-mail the customer"))])
    note = LineField(label=_("Internal note (stays in the desk, never sent)"),
                     required=False, max_length=500)
    customer_message = TextField(
        label=_("Message to the customer (sent as written)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        # Its own ids: the edit form's fields of the same name are on the same page, and a
        # label must name one field.
        kwargs.setdefault("auto_id", "confirm-%s")
        super().__init__(*args, **kwargs)

    @classmethod
    def reached(cls, outcome: str | None) -> bool | None:
        """The outcome as typed so far: True, False, or None while none is chosen (nothing is
        chosen for the operator: one careless click must not confirm and reserve stock)."""
        return {cls.REACHED: True, cls.NOT_REACHED: False}.get(outcome or "")


class EditForm(VersionedForm):
    delivery_date = DayField(label=_("Delivery date"), widget=date_input())
    window_from = forms.TimeField(label=_("Window from"), required=False, widget=time_input())
    window_until = forms.TimeField(label=_("Window until"), required=False, widget=time_input())
    recipient_name = LineField(label=_("Recipient"), max_length=200)
    recipient_phone = LineField(label=_("Recipient phone"), required=False, max_length=40)
    recipient_address = TextField(label=_("Delivery address"), max_length=MAX_ADDRESS,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    card_message = TextField(label=_("Card message"), required=False, max_length=MAX_TEXT,
                             widget=forms.Textarea(attrs={"rows": 2}))
    note = LineField(label=_("Note for the timeline"), required=False, max_length=500)
    customer_message = TextField(
        label=_("Message to the customer (sent as written)"), required=False, max_length=1000,
        # its own id: the confirm form's field of the same name is on the same page
        widget=forms.Textarea(attrs={"rows": 2, "id": "id_edit_customer_message"}))

    @classmethod
    def initial_for(cls, order) -> dict:
        zone = desk_zone()
        return {
            "delivery_date": order.delivery_date,
            "window_from": order.window_start.astimezone(zone).time() if order.window_start else None,
            "window_until": order.window_end.astimezone(zone).time() if order.window_end else None,
            "recipient_name": order.recipient_name,
            "recipient_phone": str(order.recipient_phone or ""),
            "recipient_address": order.recipient_address,
            "card_message": order.card_message,
        }

    def clean_delivery_date(self):
        day = self.cleaned_data["delivery_date"]
        first, last = delivery_date_range()
        if not first <= day <= last:
            raise forms.ValidationError(
                _("Choose a delivery date between %(first)s and %(last)s."),
                params={"first": first.isoformat(), "last": last.isoformat()})
        return day

    def clean_recipient_phone(self):
        text = self.cleaned_data["recipient_phone"].strip()
        if not text:
            return ""
        number = parse_phone(text)
        if number is None:
            raise forms.ValidationError(_("%(value)s is not a phone number."),
                                        params={"value": text})
        return number

    def clean(self):
        return window_checked(self, super().clean())

    def changes(self) -> dict:
        data = self.cleaned_data
        day = data["delivery_date"]
        return {"delivery_date": day, "window_start": desk_moment(day, data.get("window_from")),
                "window_end": desk_moment(day, data.get("window_until")),
                "recipient_name": data["recipient_name"].strip(),
                "recipient_phone": data["recipient_phone"] or "",
                "recipient_address": data["recipient_address"].strip(),
                "card_message": data["card_message"].strip()}


class CancelForm(VersionedForm):
    reason = LineField(label=_("Reason"), max_length=500)


class AssemblyForm(VersionedForm):
    team = forms.ChoiceField(label=_("Assembled by"), choices=[
        ("florist", _("florist")), ("warehouse", _("warehouse"))])


class CourierForm(VersionedForm):
    courier = forms.ModelChoiceField(label=_("Courier"), queryset=Courier.objects.filter(
        is_active=True))


class DispatchForm(VersionedForm):
    tracking_number = LineField(label=_("Tracking number"), required=False, max_length=80)


class AddonForm(VersionedForm):
    product = forms.IntegerField(widget=forms.HiddenInput)


class SwapForm(VersionedForm):
    line = forms.IntegerField(widget=forms.HiddenInput)
    product = forms.IntegerField(widget=forms.HiddenInput)


class LineQuantityForm(VersionedForm):
    line = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0, max_value=MAX_QUANTITY)


class AttentionForm(VersionedForm):
    note = LineField(label=_("What was done"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "attended-%s")  # beside the other forms' "note" fields
        super().__init__(*args, **kwargs)


class PromoForm(VersionedForm):
    code = LineField(label=_("Promo code"), max_length=40)
