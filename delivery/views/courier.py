"""A courier's own page: no login, a signed expiring link for one courier and one day, their
stops in window order with delivered / failed buttons. Phone-sized."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views import View
from django.views.decorators.cache import never_cache

from delivery.exceptions import DeliveryError
from delivery.forms.courier import CourierFailedForm
from delivery.forms.photos import PhotoForm
from delivery.models import Courier, DeliveryPhoto
from delivery.photos import photo_attach, photo_kinds, photo_policies
from delivery.runs import COURIER_LANGUAGE, courier_link_read
from delivery.selectors import courier_stops
from delivery.services import delivery_finish
from orders.exceptions import OrderError

INVALID = gettext_noop("This link is not valid. Ask the desk for a new one.")
EXPIRED = gettext_noop("This link has expired. Ask the desk for today's link.")
NOT_YOURS = gettext_noop("This order is not on your run.")


def _refused(request, status: int, message: str, language: str = ""):
    with translation.override(language or COURIER_LANGUAGE):
        return render(request, "delivery/courier/refused.html", {"message": _(message)}, status=status)


class CourierPageMixin:
    """Reads the token: 410 for an expired link, 403 for a tampered or made-up one, or for a
    courier who is no longer an active own courier."""

    def dispatch(self, request, token: str, *args, **kwargs):
        if len(token) > 500:
            return _refused(request, 403, INVALID)
        try:
            link = courier_link_read(token)
        except signing.SignatureExpired:
            return _refused(request, 410, EXPIRED)
        except signing.BadSignature:
            return _refused(request, 403, INVALID)
        courier = Courier.objects.filter(pk=link.courier_id, is_active=True,
                                         kind=Courier.Kind.OWN).first()
        if courier is None:
            return _refused(request, 403, INVALID,
                            link.language)
        self.link, self.courier, self.token = link, courier, token
        with translation.override(link.language):
            return super().dispatch(request, *args, **kwargs)


def _page(view, request, *, stops=None, form=None, failed_order=None, status=200):
    stops = courier_stops(view.courier.pk, view.link.day) if stops is None else stops
    policies = photo_policies([stop.order.brand_id for stop in stops])  # one query
    door = DeliveryPhoto.Kind.DOOR
    door_photo = {stop.order.pk for stop in stops if door in dict(
        photo_kinds(stop.order, policy=policies[stop.order.brand_id]))}
    return render(request, "delivery/courier/page.html", {
        "courier": view.courier, "day": view.link.day, "stops": stops, "token": view.token,
        "door_photo": door_photo,
        "reasons": CourierFailedForm.base_fields["failure_reason"].choices,
        "form": form, "failed_order": failed_order}, status=status)


@method_decorator(never_cache, name="dispatch")
class CourierPageView(CourierPageMixin, View):
    def get(self, request):
        return _page(self, request)


@method_decorator(never_cache, name="dispatch")
class CourierOutcomeView(CourierPageMixin, View):
    """Delivered or failed, for one of this courier's stops of the day on the road, and a
    photo at the door where the brand takes them."""

    def post(self, request, order_id: int, outcome: str):
        if outcome not in ("delivered", "failed", "photo"):
            raise Http404
        stop = next((stop for stop in courier_stops(self.courier.pk, self.link.day)
                     if stop.order.pk == order_id), None)
        if stop is None:  # another courier's order, another day's, or none at all
            return _refused(request, 403, NOT_YOURS, self.link.language)
        if stop.attempt_id is None:
            messages.error(request, _("This order is not on the road: ask the desk."))
            return redirect("courier:page", token=self.token)
        system = f"courier:{self.courier.pk}"
        try:
            if outcome == "photo":
                form = PhotoForm(request.POST, request.FILES,
                                 kinds=[(DeliveryPhoto.Kind.DOOR, DeliveryPhoto.Kind.DOOR.label)])
                if not form.is_valid():
                    for errors in form.errors.values():
                        messages.error(request, " ".join(errors))
                    return redirect("courier:page", token=self.token)
                photo_attach(order_id=order_id, kind=DeliveryPhoto.Kind.DOOR,
                             upload=form.cleaned_data["image"], system=system)
                messages.success(request, _("%(number)s: photo attached.")
                                 % {"number": stop.order.number})
            elif outcome == "delivered":
                delivery_finish(attempt_id=stop.attempt_id, delivered=True, system=system)
                messages.success(request, _("%(number)s: delivered.")
                                 % {"number": stop.order.number})
            else:
                form = CourierFailedForm(request.POST)
                if not form.is_valid():
                    return _page(self, request, form=form, failed_order=order_id, status=400)
                delivery_finish(attempt_id=stop.attempt_id, delivered=False, system=system,
                                failure_reason=form.cleaned_data["failure_reason"],
                                note=form.cleaned_data["note"])
                messages.success(request, _("%(number)s: failure recorded.")
                                 % {"number": stop.order.number})
        except (DeliveryError, OrderError) as exc:
            messages.error(request, exc.message)
        return redirect("courier:page", token=self.token)
