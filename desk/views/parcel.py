"""The parcel panel's form on the order page: a carrier status typed by hand."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from delivery.exceptions import DeliveryError
from delivery.models import DeliveryAttempt
from delivery.tracking import services as tracking_services
from desk.forms.parcel import ParcelStatusForm

from .base import DeskView


class ParcelStatusView(DeskView):
    def post(self, request, pk: int):
        attempt = (DeliveryAttempt.objects.filter(
            order_id=pk, status=DeliveryAttempt.Status.IN_PROGRESS).exclude(tracking_number="")
            .only("pk").first())
        if attempt is None:
            raise Http404
        form = ParcelStatusForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("desk:order", pk=pk)
        data = form.cleaned_data
        try:
            event = tracking_services.parcel_status_record(
                attempt_id=attempt.pk, status=data["status"], location=data["location"],
                waiting=data["waiting"], delivered=data["delivered"],
                happened_at=data["happened_at"], actor=request.user)
        except DeliveryError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Parcel status saved.") if event else
                             _("The parcel already had this status: nothing changed."))
        return redirect("desk:order", pk=pk)
