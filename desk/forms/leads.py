"""The pre-orders list (desk/views/leads.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import LineField
from orders.models import Lead


class LeadOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        (Lead.Status.NOT_INTERESTED, Lead.Status.NOT_INTERESTED.label),
        (Lead.Status.UNREACHABLE, Lead.Status.UNREACHABLE.label)])
    note = LineField(label=_("Note"), required=False, max_length=500)
