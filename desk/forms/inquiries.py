"""Forms of the inquiries desk (issue 13). They parse and bound; inquiries.services decides."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.days import DayField, MomentField
from core.text import LineField, TextField
from inquiries.models import MAX_TEXT, CallTopic, InquiryChannel, Outcome

TABS = ("order", "product", "call", "archive")


class ReplyForm(forms.Form):
    text = TextField(label=_("Reply"), max_length=MAX_TEXT,
                     widget=forms.Textarea(attrs={"rows": 6, "id": "reply-text"}))


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", "—"), *Outcome.choices])
    note = TextField(label=_("Note"), max_length=2000, required=False,
                     widget=forms.Textarea(attrs={"rows": 2}))


class CustomerWroteForm(forms.Form):
    """The customer's next message, keyed by the operator (chat, messenger, phone)."""

    text = TextField(label=_("The customer wrote"), max_length=MAX_TEXT,
                     widget=forms.Textarea(attrs={"rows": 3}))
    channel = forms.ChoiceField(label=_("Channel"), choices=[
        (InquiryChannel.CHAT, InquiryChannel.CHAT.label),
        (InquiryChannel.MESSENGER, InquiryChannel.MESSENGER.label),
        (InquiryChannel.PHONE, InquiryChannel.PHONE.label)])


class NewQuestionForm(forms.Form):
    """A product question keyed from chat or a messenger, with when the customer wrote."""

    channel = forms.ChoiceField(label=_("Channel"), choices=[
        (InquiryChannel.CHAT, InquiryChannel.CHAT.label),
        (InquiryChannel.MESSENGER, InquiryChannel.MESSENGER.label)])
    name = LineField(label=_("Name"), max_length=200, required=False)
    phone = LineField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    wrote_at = MomentField(label=_("Customer wrote at"), required=False,
                           widget=forms.DateTimeInput(
                               format="%Y-%m-%dT%H:%M",
                               attrs={"type": "datetime-local"}),
                           input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    sku = LineField(label=_("Product (SKU), when named"), max_length=40, required=False)
    text = TextField(label=_("Question"), max_length=MAX_TEXT,
                     widget=forms.Textarea(attrs={"rows": 3}))

    def clean_sku(self):
        from catalog.models import Product

        sku = self.cleaned_data.get("sku", "").strip()
        if not sku:
            return None
        product = Product.objects.filter(sku__iexact=sku).first()
        if product is None:
            raise forms.ValidationError(_("No product with this SKU."))
        return product

    def clean_wrote_at(self):
        value = self.cleaned_data.get("wrote_at")
        now = timezone.now()
        if value and not (now - timedelta(days=30) <= value <= now):
            raise forms.ValidationError(_("Within the last 30 days, not in the future."))
        return value

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("email")):
            raise forms.ValidationError(_("A phone number or an e-mail, to answer."))
        return data


class CallForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=CallTopic.objects.filter(
        is_active=True), empty_label=None)
    caller = LineField(label=_("Caller"), max_length=200)
    phone = LineField(label=_("Phone"), max_length=30, required=False)
    details = TextField(label=_("Details"), max_length=MAX_TEXT,
                        widget=forms.Textarea(attrs={"rows": 3}))


class SpeedForm(forms.Form):
    since = DayField(label=_("From"), required=False,
                     widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    until = DayField(label=_("Until"), required=False,
                     widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if self.errors:  # a day refused beside its field: no period to make of it
            return data
        today = timezone.localdate()
        data["until"] = data.get("until") or today
        data["since"] = data.get("since") or data["until"] - timedelta(days=30)
        if data["since"] > data["until"] or (data["until"] - data["since"]).days > 366:
            raise forms.ValidationError(_("A period of at most a year, start before end."))
        return data
