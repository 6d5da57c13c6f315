"""The delivery board (one day, orders by courier and window), assigning many orders at once,
and a courier's printable run sheet. Operators and managers."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delivery.exceptions import DeliveryError
from delivery.models import Courier
from delivery.runs import courier_link_token, couriers_assign
from delivery.selectors import active_couriers, board_groups, courier_stops
from desk.forms.delivery import BoardAssignForm, BoardDayForm

from .base import DeskView


def courier_link(request, courier: Courier, day: date) -> str:
    """The absolute address of an own courier's page for the day (copied to them)."""
    if courier.kind != Courier.Kind.OWN:
        return ""
    token = courier_link_token(courier_id=courier.pk, day=day)
    return request.build_absolute_uri(reverse("courier:page", args=[token]))


def _board_url(day: date) -> str:
    return f"{reverse('desk:delivery')}?day={day.isoformat()}"


class BoardView(DeskView):
    def get(self, request):
        form = BoardDayForm(request.GET)
        day = (form.cleaned_data["day"] if form.is_valid() else None) or timezone.localdate()
        groups = board_groups(day)
        stops = [stop for group in groups for stop in group.stops]
        context = {
            "day": day, "form": form, "groups": groups,
            "previous": day - timedelta(days=1), "next": day + timedelta(days=1),
            "couriers": active_couriers(),
            "counts": {"all": len(stops),
                       "unassigned": sum(stop.unassigned for stop in stops),
                       "late": sum(stop.late for stop in stops),
                       "failed": sum(stop.failed for stop in stops)},
            "links": {group.courier.pk: courier_link(request, group.courier, day)
                      for group in groups if group.courier},
        }
        return render(request, "desk/delivery.html", context,
                      status=200 if form.is_valid() else 400)


class BoardAssignView(DeskView):
    def post(self, request):
        form = BoardAssignForm(request.POST)
        day = timezone.localdate()
        if form.is_valid():
            day = form.cleaned_data["day"] or day
            try:
                assigned = couriers_assign(order_ids=form.cleaned_data["orders"],
                                           courier_id=form.cleaned_data["courier"].pk,
                                           actor=request.user)
            except DeliveryError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("%(n)s orders assigned to %(courier)s.")
                                 % {"n": len(assigned), "courier": form.cleaned_data["courier"]})
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect(_board_url(day))


class RunSheetView(DeskView):
    def get(self, request, day: date, courier_id: int):
        courier = Courier.objects.filter(pk=courier_id).first()
        if courier is None:
            raise Http404
        stops = courier_stops(courier.pk, day)
        context = {"day": day, "courier": courier, "stops": stops,
                   "link": courier_link(request, courier, day),
                   "cash_total": sum(stop.cash_to_collect or 0 for stop in stops),
                   "board_url": _board_url(day)}
        return render(request, "desk/run_sheet.html", context)
