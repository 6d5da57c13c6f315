"""What delivery's forms share with the desk's: a failed delivery's reason and note, held to
the service's rule."""

from __future__ import annotations

from django import forms

from delivery.exceptions import DeliveryError
from delivery.services import failure_check


def failure_checked(form: forms.Form, data: dict) -> dict:
    """A failed delivery's reason and note, held to the service's rule ("other" needs the
    note). A reason the field already refused is not said twice."""
    if "failure_reason" in data:
        try:
            failure_check(data["failure_reason"], data.get("note") or "")
        except DeliveryError as refused:
            form.add_error("note", refused.message)
    return data
