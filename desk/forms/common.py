"""What the desk's forms share: date and time inputs, the intake limits, the desk's
time zone, the service-held check of a window (a failed delivery's is delivery's:
delivery/forms/common.py), and the versioned base form of every action on an order."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings

from core.text import LineField
from orders.exceptions import WindowRefused
from orders.services import intake_limits, window_check

# `<input type="date">` and `type="time"` take and give ISO values only, whatever the page's
# language: a localized value ("24.12.2026" in Russian) leaves the input empty.
DATE_FORMAT, TIME_FORMAT = "%Y-%m-%d", "%H:%M"


def date_input(**attrs) -> forms.DateInput:
    return forms.DateInput(format=DATE_FORMAT, attrs={"type": "date", **attrs})


def time_input(**attrs) -> forms.TimeInput:
    return forms.TimeInput(format=TIME_FORMAT, attrs={"type": "time", **attrs})


# The bounds of what a person keys into the desk's forms, checked by the forms themselves so
# that no garbage reaches a service unchecked (issue 11): the intake door's own limits
# (orders/services/validation.py, from the settings), which the door checks again.
_LIMITS = intake_limits()
MAX_QUANTITY = _LIMITS.max_quantity  # one line; the picker's inputs say the same (max="999")
MAX_PRODUCTS = _LIMITS.max_items  # lines picked from the catalog in one order
MAX_ADDRESS, MAX_TEXT = _LIMITS.max_address, _LIMITS.max_text  # an address; a card message
MAX_ORDER_TOTAL = _LIMITS.max_total
MAX_SKU = _LIMITS.sku


def desk_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def desk_moment(day: date | None, moment: time | None) -> datetime | None:
    """A day and a time of day as people type them (the desk's time zone), aware; None unless
    both are given."""
    return datetime.combine(day, moment, tzinfo=desk_zone()) if day and moment else None


def window_checked(form: forms.Form, data: dict) -> dict:
    """A delivery window of `window_from` and `window_until`, held to the service's rule."""
    try:
        window_check(data.get("window_from"), data.get("window_until"))
    except WindowRefused as refused:
        form.add_error("window_until", refused.message)
    return data


class VersionedForm(forms.Form):
    """Every action on an order names the version the operator loaded (optimistic lock) and
    carries what they saw, so a conflict can show what changed meanwhile."""

    # Rendered without an id: every action form on the order page carries them, and ids are
    # unique on a page.
    version = forms.IntegerField(widget=forms.HiddenInput(attrs={"id": False}), min_value=1)
    snapshot = LineField(widget=forms.HiddenInput(attrs={"id": False}), required=False)
