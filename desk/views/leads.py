from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from desk.forms.leads import LeadOutcomeForm
from orders import selectors
from orders.exceptions import IntakeInvalid, OrderError
from orders.models import Lead
from orders.services import lead_close, lead_complete

from .base import DeskView
from .quick import after_intake


class LeadListView(DeskView):
    def get(self, request):
        open_leads = Lead.objects.filter(status=Lead.Status.OPEN).select_related(
            "brand", "customer").order_by("delivery_date", "created_at")[:200]
        closed = Lead.objects.exclude(status=Lead.Status.OPEN).select_related(
            "brand", "customer", "order").order_by("-closed_at", "-created_at")[:30]
        return render(request, "desk/leads.html", {
            "open_leads": open_leads, "closed": closed, "stats": selectors.lead_stats(),
            "outcome_form": LeadOutcomeForm()})


class LeadOutcomeView(DeskView):
    def post(self, request, pk: int):
        form = LeadOutcomeForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose how the call ended."))
            return redirect("desk:leads")
        try:
            lead_close(lead_id=pk, outcome=form.cleaned_data["outcome"],
                       note=form.cleaned_data["note"], actor=request.user)
        except OrderError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Outcome saved."))
        return redirect("desk:leads")


class LeadCompleteView(DeskView):
    """Completed as an order: straight through intake when the pre-order has everything, else
    into quick entry, pre-filled, to add what is missing."""

    def post(self, request, pk: int):
        try:
            result = lead_complete(lead_id=pk, actor=request.user)
        except IntakeInvalid:
            messages.warning(request, _("Something is missing: complete the order here."))
            return redirect(f"{reverse('desk:quick')}?lead={pk}")
        except OrderError as exc:
            messages.error(request, exc.message)
            return redirect("desk:leads")
        return after_intake(request, result)
