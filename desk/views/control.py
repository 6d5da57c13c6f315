"""The next-morning control list /desk/control/: open items with what is known and a resolve
form each; filters mine, overdue, all."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delivery.control.selectors import SHOWS, control_items
from delivery.control.services import control_resolve
from delivery.models import ControlItem, Courier
from desk.context_processors import control_counts_for
from desk.forms.control import ControlResolveForm
from orders.exceptions import OrderError

from .base import DeskView

# Items shown at once, most urgent first: each carries its resolve form, and the list refills
# as they are resolved.
PAGE_SIZE = 30


def _couriers() -> list[tuple[int, str]]:
    return list(Courier.objects.filter(is_active=True).order_by("name")
                .values_list("pk", "name"))


class ControlListView(DeskView):
    def get(self, request):
        return self.page(request)

    @staticmethod
    def page(request, *, bound: tuple[int, ControlResolveForm] | None = None, status=200):
        show = request.GET.get("show", "all")
        show = show if show in SHOWS else "all"
        now = timezone.now()
        items = list(control_items(show=show, user=request.user, now=now)[:PAGE_SIZE + 1])
        couriers = _couriers()
        rows = []
        for item in items[:PAGE_SIZE]:
            form = (bound[1] if bound and bound[0] == item.pk else
                    ControlResolveForm(couriers=couriers, auto_id=f"id_c{item.pk}_%s"))
            rows.append({"item": item, "form": form, "overdue": item.deadline <= now})
        return render(request, "desk/control.html", {
            "rows": rows, "show": show, "more": len(items) > PAGE_SIZE,
            "counts": control_counts_for(request),
            "shows": [("all", _("All open")), ("mine", _("Mine")), ("overdue", _("Overdue"))],
        }, status=status)


class ControlResolveView(DeskView):
    def post(self, request, pk: int):
        item = get_object_or_404(ControlItem, pk=pk)
        form = ControlResolveForm(request.POST, couriers=_couriers(),
                                  auto_id=f"id_c{pk}_%s")
        if not form.is_valid():
            messages.error(request, _("The resolution is incomplete: see the item."))
            return ControlListView.page(request, bound=(item.pk, form), status=400)
        try:
            control_resolve(item_id=item.pk, actor=request.user, **form.service_arguments())
        except OrderError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Order %(number)s resolved; the customer is told.")
                             % {"number": item.order.number})
        show = request.GET.get("show", "all")
        return redirect(f"{reverse('desk:control')}?show={show if show in SHOWS else 'all'}")
