from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from channels_intake import review as review_service
from channels_intake.exceptions import ChannelsIntakeError
from channels_intake.models import InboundMessage, InboundState
from desk.forms.quick import WINDOWS, QuickEntryForm, StatedOrderForms
from desk.forms.review import DismissForm, mark_unread
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
    """One message that needs a person: raw beside a form pre-filled from what was parsed.
    Every line the message stated (known SKU or not), its prices, the fee, the discount, the
    total and the payment state are carried into the order as stated."""

    def get(self, request, pk: int):
        message = self._message(pk)
        parsed = message.parsed or {}
        return self.render(request, message, *self._unbound(parsed), DismissForm())

    def post(self, request, pk: int):
        message = self._message(pk)
        parsed = message.parsed or {}
        if "dismiss" in request.POST:
            dismiss = DismissForm(request.POST)
            if dismiss.is_valid():
                try:
                    review_service.review_dismiss(message_id=pk, actor=request.user,
                                                  reason=dismiss.cleaned_data["reason"])
                except (OrderError, ChannelsIntakeError) as exc:
                    messages.error(request, exc.message)
                else:
                    messages.success(request, _("Message dismissed."))
                return redirect("desk:review")
            return self.render(request, message, *self._unbound(parsed), dismiss, status=400)
        form = QuickEntryForm(request.POST, channels=Channel.choices)
        stated = StatedOrderForms(request.POST)
        checked = [form.is_valid(), stated.is_valid()]  # both, so every error shows at once
        if all(checked):
            try:
                result = review_service.review_resolve(
                    message_id=pk, normalized=form.to_normalized(stated, origin=parsed),
                    actor=request.user)
            except IntakeInvalid as exc:
                form.show_intake_errors(exc.errors)
            except (OrderError, ChannelsIntakeError) as exc:
                messages.error(request, exc.message)
                return redirect("desk:review")
            else:
                return after_intake(request, result)
        return self.render(request, message, form, stated, DismissForm(), status=400)

    def _message(self, pk):
        return get_object_or_404(InboundMessage.objects.select_related("source", "order")
                                 .prefetch_related("inquiry_messages__inquiry"), pk=pk)

    @staticmethod
    def _unbound(parsed):
        form = QuickEntryForm(initial=QuickEntryForm.initial_from(parsed), channels=Channel.choices)
        return form, StatedOrderForms.from_normalized(parsed)

    def render(self, request, message, form, stated, dismiss, status=200):
        raw = bytes(message.raw).decode("utf-8", errors="replace")[:20000]
        # A message read in part: the form holds what was read; what was not is marked.
        unread = review_service.unread_paths(message.parsed or {})
        mark_unread(form, unread)
        mark_unread(stated.amounts, unread)
        return render(request, "desk/review_item.html", {
            "unread": unread, "items_unread": "items" in unread or "currency" in unread,
            "message": message, "raw": raw, "form": form, "stated": stated, "dismiss": dismiss,
            "products": picker_products(), "chosen": form.chosen() if form.is_bound else {},
            "windows": WINDOWS[1:], "is_open": message.state == InboundState.REVIEW,
        }, status=status)
