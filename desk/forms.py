"""Forms of the operator desk. They parse and show errors; the services decide."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from core.days import DayField, MomentField
from core.phones import parse_phone
from core.text import LineField, TextField
from delivery.exceptions import DeliveryError
from delivery.models import Courier, DeliveryAttempt
from delivery.services import failure_check
from orders.exceptions import WindowRefused
from orders.models import OPERATOR_CHANNELS, Brand, Channel, Lead, PaymentMethod
from orders.normalized import Item, NormalizedOrder, Party
from orders.services.validation import delivery_date_range, intake_limits, parse_date, window_check

WINDOWS = ["", "09:00-12:00", "10:00-13:00", "12:00-15:00", "13:00-16:00", "16:00-19:00",
           "19:00-21:00"]
# IntakeInvalid's dotted paths -> the quick-entry field that shows the message.
INTAKE_FIELDS = {
    "brand": "brand", "customer.phone": "customer_phone", "customer.name": "customer_name",
    "customer.email": "customer_email", "recipient.name": "recipient_name",
    "recipient.phone": "recipient_phone", "recipient.address": "recipient_address",
    "delivery.date": "delivery_date", "delivery.window": "window",
    "payment.method": "payment_method", "channel": "channel",
}
# What a reader could not read (channels_intake's unread paths) -> the review field to mark.
UNREAD_FIELDS = {
    "customer.phone": "customer_phone", "customer.name": "customer_name",
    "customer.email": "customer_email", "recipient.name": "recipient_name",
    "recipient.phone": "recipient_phone", "recipient.address": "recipient_address",
    "delivery_date": "delivery_date", "window": "window", "payment_method": "payment_method",
    "is_paid": "is_paid", "is_anonymous": "is_anonymous", "brand": "brand",
    "delivery_fee": "delivery_fee", "discount": "discount", "total": "total",
}
_SNAPSHOT_SALT = "orders.desk.snapshot"


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


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def desk_moment(day: date | None, moment: time | None) -> datetime | None:
    """A day and a time of day as people type them (the desk's time zone), aware; None unless
    both are given."""
    return datetime.combine(day, moment, tzinfo=_zone()) if day and moment else None


def sign_snapshot(snapshot: dict[str, str]) -> str:
    return signing.dumps(snapshot, salt=_SNAPSHOT_SALT, compress=True)


def read_snapshot(value: str) -> dict[str, str]:
    try:
        return signing.loads(value or "", salt=_SNAPSHOT_SALT)
    except signing.BadSignature:
        return {}


def window_checked(form: forms.Form, data: dict) -> dict:
    """A delivery window of `window_from` and `window_until`, held to the service's rule."""
    try:
        window_check(data.get("window_from"), data.get("window_until"))
    except WindowRefused as refused:
        form.add_error("window_until", refused.message)
    return data


def failure_checked(form: forms.Form, data: dict) -> dict:
    """A failed delivery's reason and note, held to the service's rule ("other" needs the
    note). A reason the field already refused is not said twice."""
    if "failure_reason" in data:
        try:
            failure_check(data["failure_reason"], data.get("note") or "")
        except DeliveryError as refused:
            form.add_error("note", refused.message)
    return data


class VersionedForm(forms.Form):
    """Every action on an order names the version the operator loaded (optimistic lock) and
    carries what they saw, so a conflict can show what changed meanwhile."""

    # Rendered without an id: every action form on the order page carries them, and ids are
    # unique on a page.
    version = forms.IntegerField(widget=forms.HiddenInput(attrs={"id": False}), min_value=1)
    snapshot = LineField(widget=forms.HiddenInput(attrs={"id": False}), required=False)


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
        zone = _zone()
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


class PrefillForm(forms.Form):
    """Quick entry's query string: `?lead=<id>` fills the form from a pre-order."""

    lead = forms.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    channel = forms.ChoiceField(choices=[(value, label) for value, label in Channel.choices
                                         if value in OPERATOR_CHANNELS], required=False)


class LeadOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        (Lead.Status.NOT_INTERESTED, Lead.Status.NOT_INTERESTED.label),
        (Lead.Status.UNREACHABLE, Lead.Status.UNREACHABLE.label)])
    note = LineField(label=_("Note"), required=False, max_length=500)


class DismissForm(forms.Form):
    reason = LineField(label=_("Why is this not an order?"), max_length=300)


# What the picker sends is checked by these fields, one typed value
# at a time, with their messages (QuickEntryForm names the product or item each is about).
_SKU = LineField(max_length=MAX_SKU)
_QUANTITY = forms.IntegerField(min_value=0, max_value=MAX_QUANTITY)


class QuickEntryForm(forms.Form):
    """A phone, chat or messenger order keyed while the customer talks, and the review form
    (pre-filled from what the parser understood). Products come as qty_<id> / addon_<id>."""

    channel = forms.ChoiceField(label=_("Channel"), choices=[
        (value, label) for value, label in Channel.choices if value in OPERATOR_CHANNELS])
    brand = forms.ModelChoiceField(label=_("Brand"), queryset=Brand.objects.all(),
                                   to_field_name="code", empty_label=None)
    customer_phone = LineField(label=_("Customer phone"), max_length=40, widget=forms.TextInput(
        attrs={"type": "tel", "autocomplete": "off", "id": "id_customer_phone"}))
    customer_name = LineField(label=_("Customer name"), max_length=200, required=False)
    customer_email = LineField(label=_("Customer e-mail"), max_length=200, required=False)
    customer_language = forms.ChoiceField(label=_("Customer language"),
                                          choices=settings.LANGUAGES, initial="hy")
    recipient_name = LineField(label=_("Recipient"), max_length=200, required=False)
    recipient_phone = LineField(label=_("Recipient phone"), max_length=40, required=False)
    recipient_address = TextField(label=_("Delivery address"), required=False,
                                  max_length=MAX_ADDRESS,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    delivery_date = LineField(label=_("Delivery date"), required=False, max_length=40,
                              widget=date_input())
    window = LineField(label=_("Delivery window"), required=False, max_length=20,
                       widget=forms.TextInput(attrs={"list": "windows",
                                                     "placeholder": "10:00-13:00"}))
    card_message = TextField(label=_("Card message"), required=False, max_length=MAX_TEXT,
                             widget=forms.Textarea(attrs={"rows": 2}))
    is_anonymous = forms.BooleanField(label=_("Anonymous sender"), required=False)
    payment_method = forms.ChoiceField(label=_("Payment"), choices=PaymentMethod.choices,
                                       initial=PaymentMethod.CASH)
    is_paid = forms.BooleanField(label=_("Paid"), required=False)
    promo_code = LineField(label=_("Promo code"), max_length=40, required=False)
    customer_comment = TextField(label=_("Comment"), required=False, max_length=MAX_TEXT,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    site_number = LineField(widget=forms.HiddenInput, required=False, max_length=40)

    def __init__(self, *args, channels=None, **kwargs):
        super().__init__(*args, **kwargs)
        if channels is not None:  # the review form keeps the channel the message came from
            self.fields["channel"].choices = channels

    def clean(self):
        data = super().clean()
        data["items"] = self._picked_items()
        return data

    def picked(self):
        """(sku, quantity as typed, is an add-on) for each product keyed in the picker
        (qty:<SKU>) or the add-on panel (addon:<SKU>); an empty or zero quantity is no pick."""
        for key, value in self.data.items():
            kind, _sep, sku = key.partition(":")
            value = str(value).strip()
            if kind in ("qty", "addon") and sku and value not in ("", "0"):
                yield sku, value, kind == "addon"

    def _picked_items(self) -> tuple[Item, ...]:
        items = []
        for sku, typed, is_upsell in self.picked():
            if len(items) == MAX_PRODUCTS:
                self.add_error(None, _("An order has at most %(most)d products.")
                               % {"most": MAX_PRODUCTS})
                break
            if self._checked(_SKU, sku, sku[:MAX_SKU]) is not False:
                quantity = self._checked(_QUANTITY, typed, sku)
                if quantity:
                    items.append(Item(sku=sku, quantity=quantity, is_upsell=is_upsell))
        return tuple(items)

    def _checked(self, field: forms.Field, typed, label):
        """`typed` cleaned by `field`, or False with the field's message, naming what it was
        about, among the form's errors. A number is never parsed from more than 40 characters."""
        typed = str(typed).strip()
        try:
            if isinstance(field, forms.IntegerField) and len(typed) > 40:  # DecimalField too
                raise forms.ValidationError(field.error_messages["invalid"])
            return field.clean(typed)
        except forms.ValidationError as exc:
            for message in exc.messages:
                self.add_error(None, f"{label}: {message}")
            return False

    def items(self) -> tuple[Item, ...]:
        return self.cleaned_data["items"]

    def chosen(self) -> dict[str, int | str]:
        """{sku: quantity}, to keep the picker filled when the form comes back; what is not a
        number comes back as typed (cut short), beside its error."""
        return {sku: int(typed) if typed.isascii() and typed.isdigit() and len(typed) < 10 else typed[:20]
                for sku, typed, _addon in self.picked()}

    def to_normalized(self, stated: StatedOrderForms | None = None,
                      origin: dict | None = None) -> NormalizedOrder:
        """The order as keyed. `stated`: the lines, prices, fee, discount and total a message or
        pre-order stated (kept as stated, before the products picked here). `origin`: the
        parse result of the message the order came from, whose partner, currency and
        placement the operator does not retype."""
        data, origin = self.cleaned_data, origin or {}
        normalized = NormalizedOrder(
            channel=data["channel"], brand=data["brand"].code,
            site_number=data.get("site_number", "").strip(),
            customer=Party(name=data["customer_name"], phone=data["customer_phone"],
                           email=data["customer_email"], language=data["customer_language"]),
            recipient=Party(name=data["recipient_name"], phone=data["recipient_phone"],
                            address=data["recipient_address"]),
            items=self.items(), delivery_date=data["delivery_date"] or None,
            window=data["window"] or None, card_message=data["card_message"],
            is_anonymous=data["is_anonymous"], payment_method=data["payment_method"],
            is_paid=data["is_paid"], promo_code=data["promo_code"],
            customer_comment=data["customer_comment"],
            partner=origin.get("partner", ""), partner_order_id=origin.get("partner_order_id", ""),
            currency=origin.get("currency") or "AMD", placed_at=origin.get("placed_at", ""),
            extra=origin.get("extra") or {},
        )
        return stated.apply(normalized) if stated is not None else normalized

    def picked_order(self, stated: StatedOrderForms | None = None) -> NormalizedOrder:
        """Only what is picked so far (and what a message or pre-order stated): the running
        summary's order while the rest is still being keyed. Call after is_valid()."""
        normalized = NormalizedOrder(channel="", customer=Party(), recipient=Party(),
                                     items=self.cleaned_data.get("items", ()), delivery_date=None)
        return stated.apply(normalized) if stated is not None and stated.is_valid() else normalized

    def show_intake_errors(self, errors: dict) -> None:
        for path, problems in errors.items():
            field = INTAKE_FIELDS.get(path)
            for _code, message in problems:
                self.add_error(field if field in self.fields else None, message)

    @classmethod
    def initial_from(cls, normalized: dict) -> dict:
        """Pre-fill from a NormalizedOrder's JSON (a parse result, a lead's details)."""
        customer, recipient = normalized.get("customer") or {}, normalized.get("recipient") or {}
        window = normalized.get("window") or ""
        if isinstance(window, list):
            window = "-".join(window)
        return {
            "channel": normalized.get("channel"), "brand": normalized.get("brand") or None,
            "customer_phone": customer.get("phone", ""), "customer_name": customer.get("name", ""),
            "customer_email": customer.get("email", ""),
            "customer_language": customer.get("language") or "hy",
            "recipient_name": recipient.get("name", ""),
            "recipient_phone": recipient.get("phone", ""),
            "recipient_address": recipient.get("address", ""),
            "delivery_date": _iso_date(normalized.get("delivery_date")), "window": window,
            "card_message": normalized.get("card_message", ""),
            "is_anonymous": normalized.get("is_anonymous", False),
            "payment_method": normalized.get("payment_method") or PaymentMethod.UNKNOWN,
            "is_paid": normalized.get("is_paid", False),
            "promo_code": normalized.get("promo_code", ""),
            "customer_comment": normalized.get("customer_comment", ""),
            "site_number": normalized.get("site_number", ""),
        }


def _iso_date(value) -> date | str:
    """A stated date as the date input can show it (a message may say "24.12.2026")."""
    if not value:
        return ""
    return parse_date(value) or value


class StatedLineForm(forms.Form):
    """One line as the message or pre-order stated it: a catalog SKU, or only a name (an item
    the catalog does not know), at the price the customer was told. Quantity 0 drops it."""

    sku = LineField(label=_("SKU"), required=False, max_length=64)
    name = LineField(label=_("Name"), required=False, max_length=300)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0, max_value=MAX_QUANTITY)
    unit_price = forms.DecimalField(label=_("Price as stated"), required=False, min_value=0,
                                    max_digits=12, decimal_places=2)
    is_upsell = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The lines sit in a table under one header row: each input names its column and line.
        index = (self.prefix or "").rsplit("-", 1)[-1]
        number = int(index) + 1 if index.isdigit() else index
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = _("%(field)s, line %(number)s") % {
                "field": field.label, "number": number}

    def clean(self):
        data = super().clean()
        if data.get("quantity") and not (data.get("sku", "").strip()
                                         or data.get("name", "").strip()):
            raise forms.ValidationError(_("An item needs a SKU or a name."))
        return data

    def item(self) -> Item | None:
        data = self.cleaned_data
        if not data or not data.get("quantity"):
            return None
        return Item(sku=data["sku"].strip().upper(), name=data["name"].strip(),
                    quantity=data["quantity"], unit_price=data.get("unit_price"),
                    is_upsell=data.get("is_upsell", False))


# Bounded like the picker: Django would otherwise build up to 1,000 forms for a TOTAL_FORMS a
# stranger typed, and refuse nothing.
StatedLineFormSet = forms.formset_factory(StatedLineForm, extra=1, max_num=MAX_PRODUCTS,
                                          absolute_max=MAX_PRODUCTS, validate_max=True)


class StatedAmountsForm(forms.Form):
    currency = LineField(widget=forms.HiddenInput, required=False, max_length=3)
    delivery_fee = forms.DecimalField(label=_("Delivery fee"), required=False, min_value=0,
                                      max_digits=12, decimal_places=2)
    discount = forms.DecimalField(label=_("Discount"), required=False, min_value=0,
                                  max_digits=12, decimal_places=2)
    total = forms.DecimalField(
        label=_("Total as stated"), required=False, min_value=0, max_digits=12, decimal_places=2,
        help_text=_("What the customer was told (and may have paid). Intake flags the order "
                    "when the lines do not add up to it."))


class StatedOrderForms:
    """What a message or pre-order stated, carried into the order as stated: every line (known
    SKU or not) at its stated price, the delivery fee, the discount and the total. Nothing the
    customer was told changes silently: a changed line makes the total differ, and intake
    flags the mismatch for a person."""

    LINES, AMOUNTS = "line", "stated"

    def __init__(self, data=None, *, initial: dict | None = None):
        initial = initial or {}
        self.lines = StatedLineFormSet(data, initial=initial.get("lines"), prefix=self.LINES)
        self.amounts = StatedAmountsForm(data, initial=initial.get("amounts"),
                                         prefix=self.AMOUNTS)

    @classmethod
    def posted(cls, data) -> StatedOrderForms | None:
        """The bound forms when the page carried them (review, a pre-order), else None."""
        return cls(data) if f"{cls.LINES}-TOTAL_FORMS" in data else None

    @classmethod
    def from_normalized(cls, normalized: dict) -> StatedOrderForms:
        lines = [{"sku": item.get("sku") or "", "name": item.get("name") or "",
                  "quantity": item.get("quantity") or 1, "unit_price": item.get("unit_price"),
                  "is_upsell": item.get("is_upsell", False)}
                 for item in normalized.get("items") or []]
        amounts = {key: normalized.get(key)
                   for key in ("currency", "delivery_fee", "discount", "total")}
        return cls(initial={"lines": lines, "amounts": amounts})

    def is_valid(self) -> bool:
        return all([self.lines.is_valid(), self.amounts.is_valid()])  # both, for every error

    def items(self) -> tuple[Item, ...]:
        return tuple(item for form in self.lines.forms if (item := form.item()) is not None)

    def apply(self, normalized: NormalizedOrder) -> NormalizedOrder:
        amounts = self.amounts.cleaned_data
        return dataclasses.replace(
            normalized, items=self.items() + normalized.items,
            currency=amounts.get("currency") or normalized.currency,
            delivery_fee=amounts.get("delivery_fee"), discount=amounts.get("discount"),
            total=amounts.get("total"))


# --- track ---
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
# --- board: the delivery board and the outcomes of a delivery on the order page ---

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


class CourierFailedForm(forms.Form):
    """The courier's own page: why it failed (a note when "other")."""

    failure_reason = forms.ChoiceField(label=_("Why it failed"),
                                       choices=DeliveryAttempt.FailureReason.choices)
    note = LineField(label=_("What happened"), required=False, max_length=500)

    def clean(self):
        return failure_checked(self, super().clean())
