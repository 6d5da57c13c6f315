"""Quick entry (desk/views/quick.py): an order keyed while the customer talks, and what a
message or pre-order stated; the review pages use the same forms."""

from __future__ import annotations

import dataclasses
from datetime import date

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.text import LineField, TextField
from orders.models import OPERATOR_CHANNELS, Brand, Channel, PaymentMethod
from orders.normalized import Item, NormalizedOrder, Party
from orders.services import parse_date

from .common import MAX_ADDRESS, MAX_PRODUCTS, MAX_QUANTITY, MAX_SKU, MAX_TEXT, date_input

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


class PrefillForm(forms.Form):
    """Quick entry's query string: `?lead=<id>` fills the form from a pre-order."""

    lead = forms.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    channel = forms.ChoiceField(choices=[(value, label) for value, label in Channel.choices
                                         if value in OPERATOR_CHANNELS], required=False)


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
    # Shown to a manager once the window was refused as full (desk/views/quick.py).
    capacity_override = LineField(
        label=_("Take the full window anyway, because"), required=False, max_length=300,
        help_text=_("A manager's reason; the order is counted as an override."))

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
