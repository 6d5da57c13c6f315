from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product
from catalog.selectors import addon_offers, products_by_sku, products_search
from delivery.capacity import services as capacity_services
from desk.forms.common import MAX_ADDRESS
from desk.forms.quick import WINDOWS, PrefillForm, QuickEntryForm, StatedOrderForms
from orders import capacity, selectors
from orders import services as order_services
from orders.exceptions import IntakeInvalid, WindowFull
from orders.models import OPERATOR_CHANNELS, Lead
from orders.services import (
    IntakeResult,
    delivery_date_range,
    order_quote,
    parse_date,
    parse_window,
)

from .base import DeskView


def picker_products():
    """Every active product with its category, price and free stock: one query."""
    return list(
        Product.objects.filter(is_active=True).select_related("category")
        .annotate(free=Coalesce(Sum("stock__on_hand"), 0) - Coalesce(Sum("stock__reserved"), 0))
        .order_by("category__position", "category__code", "price")
    )


def after_intake(request, result: IntakeResult):
    if result.outcome == IntakeResult.DUPLICATE and result.order is not None:
        messages.warning(request, _("This order was already taken: %(number)s.")
                         % {"number": result.order.number})
        return redirect("desk:order", pk=result.order.pk)
    if result.order is None:  # a pre-order
        messages.success(request, _("Saved as a pre-order to call."))
        return redirect("desk:leads")
    messages.success(request, _("Order %(number)s created.") % {"number": result.order.number})
    return redirect("desk:order", pk=result.order.pk)


class QuickEntryView(DeskView):
    """A phone or messenger order keyed while the customer talks. Opened from a pre-order
    (`?lead=<id>`), it is filled from it: the lines, prices, fee and total it stated are kept
    as stated, for the operator to check before creating the order."""

    template = "desk/quick.html"

    def get(self, request):
        initial, stated = {}, None
        prefill = PrefillForm(request.GET)
        prefill.is_valid()  # each field on its own: a bad channel still leaves the lead
        lead_id, lead = prefill.cleaned_data.get("lead"), None
        if lead_id:
            lead = Lead.objects.select_related("brand").filter(pk=lead_id).first()
        if request.GET.get("lead") and lead is None:
            messages.error(request, _("There is no such pre-order; here is an empty form."))
            return redirect("desk:quick")
        if lead is not None:
            details = lead.details or {}
            initial = QuickEntryForm.initial_from(details) | {
                "brand": lead.brand.code, "site_number": lead.site_number,
                # The pre-order's own channel where an operator can key it (a Viber pre-order
                # goes on on Viber); a site pre-order is completed by phone. The lead keeps
                # where it came from either way (Lead.channel, the dashboard's conversion).
                "channel": prefill.cleaned_data.get("channel") or (
                    lead.channel if lead.channel in OPERATOR_CHANNELS else "phone_1")}
            stated = StatedOrderForms.from_normalized(details)
        return self.render(request, QuickEntryForm(initial=initial), stated)

    def post(self, request):
        form = QuickEntryForm(request.POST)
        stated = StatedOrderForms.posted(request.POST)
        checked = [form.is_valid(), stated is None or stated.is_valid()]
        if all(checked) and self.may_override(request, form):
            # A full window is refused, unless a manager gives a reason (orders.capacity).
            ask = capacity.Ask(capacity.REFUSE, override=form.cleaned_data["capacity_override"],
                               actor=request.user)
            try:
                result = order_services.intake(normalized=form.to_normalized(stated), source="desk",
                                               actor=request.user, ask=ask)
            except IntakeInvalid as exc:
                form.show_intake_errors(exc.errors)
            else:
                if result.outcome != IntakeResult.FULL:
                    return after_intake(request, result)
                form.add_error("window", WindowFull(result.place.next_free).message)
                form.offers_override = capacity.may_override(request.user)
        return self.render(request, form, stated, status=400)

    @staticmethod
    def may_override(request, form) -> bool:
        if form.cleaned_data["capacity_override"] and not capacity.may_override(request.user):
            form.add_error("capacity_override", _("Only a manager may take a full window."))
            return False
        return True

    def render(self, request, form, stated, status=200):
        return render(request, self.template, {
            "form": form, "stated": stated, "products": picker_products(),
            "chosen": form.chosen() if form.is_bound else {}, "windows": WINDOWS[1:],
        }, status=status)


class QuickSummaryView(DeskView):
    """Quick entry's running summary (an HTMX partial): what is picked, the add-ons, the fee
    and the total, priced by the same rules intake will apply when the order is created."""

    def get(self, request):
        form = QuickEntryForm(request.GET)
        form.is_valid()  # the rest of the order may not be keyed yet: only its lines count here
        quote = order_quote(normalized=form.picked_order(StatedOrderForms.posted(request.GET)))
        return render(request, "desk/_quick_summary.html", {"quote": quote})


class CustomerLookupView(DeskView):
    """The customer behind a phone as it is typed: name, e-mail, language, past recipients."""

    def get(self, request):
        found = selectors.customer_lookup(request.GET.get("phone", ""))
        return JsonResponse({"found": found is not None, "customer": found})


class AddonPanelView(DeskView):
    """The upsell panel of quick entry, for the products picked so far (an HTMX partial)."""

    def get(self, request):
        skus = [key.partition(":")[2] for key, value in request.GET.items()
                if key.startswith("qty:") and value not in ("", "0")]
        categories = {product.category_id for product in products_by_sku(skus).values()}
        offers = [product for product in addon_offers(category_ids=categories)
                  if product.sku not in skus] if categories else []  # not what is picked
        picked = {key.partition(":")[2] for key in request.GET if key.startswith("addon:")}
        return render(request, "desk/_quick_addons.html", {
            "addons": offers, "picked": picked, "promo_codes": selectors.promo_codes_in_force()})


class ProductSearchView(DeskView):
    """Quick entry's product search by name (hy, ru or en) or SKU (an HTMX partial); a result
    adds one to that product's quantity in the picker (static/js/desk.js)."""

    def get(self, request):
        return render(request, "desk/_product_search.html", {
            "results": products_search(request.GET.get("q", "")[:100]),
            "q": request.GET.get("q", "").strip()})


class WindowPlacesView(DeskView):
    """The places left in the window the operator picks (an HTMX partial, live as date, window
    and address change), holding one for them for HOLD_MINUTES; `release` gives it back. The
    hold becomes the order's place when the order is created (delivery.capacity)."""

    template = "desk/_window_places.html"

    def post(self, request):
        if request.POST.get("release"):
            capacity_services.hold_release(user=request.user)
            return render(request, self.template, {"released": True})
        day = parse_date(request.POST.get("delivery_date", "")[:40])
        times = parse_window(request.POST.get("window", "")[:20])
        first, last = delivery_date_range()
        if day is None or times is None or not first <= day <= last or times[1] <= times[0]:
            return render(request, self.template, {})
        zone = ZoneInfo(settings.TIME_ZONE)
        start, end = (datetime.combine(day, moment, tzinfo=zone) for moment in times)
        place = capacity_services.hold_take(
            user=request.user, address=request.POST.get("recipient_address", "")[:MAX_ADDRESS],
            day=day, window_start=start, window_end=end)
        held = place.slot_id is not None and not place.full
        return render(request, self.template, {
            "place": place, "held_until": timezone.now() + timedelta(minutes=settings.HOLD_MINUTES)
            if held else None})
