"""A parcel's carrier status typed by hand (desk/views/parcel.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.days import MomentField
from core.text import LineField


class ParcelStatusForm(forms.Form):
    """A carrier status typed by hand (a carrier without an API, or a correction)."""

    status = LineField(label=_("Carrier's status"), max_length=200, strip=True)
    location = LineField(label=_("Where"), max_length=200, required=False, strip=True)
    waiting = forms.BooleanField(label=_("Waits at a post office"), required=False)
    delivered = forms.BooleanField(label=_("Delivered"), required=False)
    happened_at = MomentField(
        label=_("When (empty: now)"), required=False, input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}))

    def clean(self):
        data = super().clean()
        if data.get("waiting") and data.get("delivered"):
            raise forms.ValidationError(_("A parcel that waits at the post office is not "
                                          "delivered yet."))
