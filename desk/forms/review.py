"""The review of what a reader understood (desk/views/review.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import LineField

# What a reader could not read (channels_intake's unread paths) -> the review field to mark.
UNREAD_FIELDS = {
    "customer.phone": "customer_phone", "customer.name": "customer_name",
    "customer.email": "customer_email", "recipient.name": "recipient_name",
    "recipient.phone": "recipient_phone", "recipient.address": "recipient_address",
    "delivery_date": "delivery_date", "window": "window", "payment_method": "payment_method",
    "is_paid": "is_paid", "is_anonymous": "is_anonymous", "brand": "brand",
    "delivery_fee": "delivery_fee", "discount": "discount", "total": "total",
}


def mark_unread(form: forms.Form, paths) -> None:
    """Mark the fields a reader could not read: aria-invalid, and described by the visible
    "could not be read" note the form templates put beside each (`form.unread`)."""
    names = {UNREAD_FIELDS[path] for path in paths if UNREAD_FIELDS.get(path) in form.fields}
    form.unread = frozenset(names)
    for name in names:
        field_id = form[name].auto_id
        described = [f"{field_id}-unread"] + ([f"{field_id}_helptext"]
                                              if form.fields[name].help_text else [])
        form.fields[name].widget.attrs.update({
            "aria-invalid": "true", "aria-describedby": " ".join(described)})


class DismissForm(forms.Form):
    reason = LineField(label=_("Why is this not an order?"), max_length=300)
