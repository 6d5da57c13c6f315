from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from channels_intake import review as review_service
from channels_intake.models import InboundMessage, InboundState
from desk.forms import WINDOWS, DismissForm, QuickEntryForm
from orders.exceptions import IntakeInvalid, OrderError
from orders.models import Channel

from .base import DeskView
from .quick import after_intake, picker_products


class ReviewListView(DeskView):
    def get(self, request):
        items = (InboundMessage.objects.filter(state=InboundState.REVIEW)
                 .select_related("source").defer("raw").order_by("received_at")[:200])
        return render(request, "desk/review_list.html", {"items": items})


class ReviewItemView(DeskView):
    """One message that needs a person: raw beside a form pre-filled from what was parsed."""

    def get(self, request, pk: int):
        message = self._message(pk)
        parsed = message.parsed or {}
        form = QuickEntryForm(initial=QuickEntryForm.initial_from(parsed),
                              channels=Channel.choices)
        chosen, free = self._items(parsed)
        return self.render(request, message, form, DismissForm(), chosen, free)

    def post(self, request, pk: int):
        message = self._message(pk)
        if "dismiss" in request.POST:
            dismiss = DismissForm(request.POST)
            if dismiss.is_valid():
                try:
                    review_service.review_dismiss(message_id=pk, actor=request.user,
                                                  reason=dismiss.cleaned_data["reason"])
                except OrderError as exc:
                    messages.error(request, exc.message)
                else:
                    messages.success(request, _("Message dismissed."))
                return redirect("orders:review")
            form = QuickEntryForm(initial=QuickEntryForm.initial_from(message.parsed or {}),
                                  channels=Channel.choices)
            chosen, free = self._items(message.parsed or {})
            return self.render(request, message, form, dismiss, chosen, free, status=400)
        form = QuickEntryForm(request.POST, channels=Channel.choices)
        if form.is_valid():
            parsed = message.parsed or {}
            normalized = dataclasses.replace(
                form.to_normalized(), partner=parsed.get("partner", ""),
                partner_order_id=parsed.get("partner_order_id", ""),
                currency=parsed.get("currency") or "AMD", total=None)
            try:
                result = review_service.review_resolve(message_id=pk, normalized=normalized,
                                                       actor=request.user)
            except IntakeInvalid as exc:
                form.show_intake_errors(exc.errors)
            except OrderError as exc:
                messages.error(request, exc.message)
                return redirect("orders:review")
            else:
                return after_intake(request, result)
        return self.render(request, message, form, DismissForm(), form.chosen(), [], status=400)

    def _message(self, pk):
        return get_object_or_404(InboundMessage.objects.select_related("source", "order"), pk=pk)

    @staticmethod
    def _items(parsed):
        chosen, free = {}, []
        for item in parsed.get("items", []):
            if item.get("sku"):
                chosen[str(item["sku"]).upper()] = str(item.get("quantity") or 1)[:20]
            else:
                free.append(item)
        return chosen, free

    def render(self, request, message, form, dismiss, chosen, free, status=200):
        raw = bytes(message.raw).decode("utf-8", errors="replace")[:20000]
        return render(request, "desk/review_item.html", {
            "message": message, "raw": raw, "form": form, "dismiss": dismiss,
            "products": picker_products(), "chosen": chosen, "free_items": free,
            "windows": WINDOWS[1:], "is_open": message.state == InboundState.REVIEW,
        }, status=status)
