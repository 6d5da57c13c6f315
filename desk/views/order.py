from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy

from catalog.exceptions import CatalogError
from catalog.selectors import addon_offers
from delivery import services as delivery_services
from delivery.forms.photos import PhotoForm
from delivery.models import DeliveryAttempt
from delivery.photos import photo_panel
from delivery.tracking.selectors import parcel_panel
from desk.forms.delivery import DeliveredForm, FailedForm, ReportLateForm, ResendForm
from desk.forms.order import (
    AddonForm,
    AssemblyForm,
    AttentionForm,
    CancelForm,
    ConfirmForm,
    CourierForm,
    DispatchForm,
    EditForm,
    LineQuantityForm,
    PromoForm,
    SwapForm,
    read_snapshot,
    sign_snapshot,
)
from desk.forms.parcel import ParcelStatusForm
from notices.services import customer_message_preview
from orders import selectors, timeline
from orders.exceptions import OrderError, StaleOrder
from orders.models import Order
from orders.rules import Action, order_actions
from orders.services import (
    order_addon_add,
    order_attention_clear,
    order_cancel,
    order_confirm_call,
    order_edit,
    order_handoff_assembly,
    order_line_quantity,
    order_line_swap,
    order_promo_apply,
)

from .base import DeskView

# The fields an operator may have seen change under them, with their labels.
SNAPSHOT_LABELS = {
    "status": gettext_lazy("status"), "delivery_date": gettext_lazy("delivery date"),
    "window": gettext_lazy("delivery window"), "recipient_name": gettext_lazy("recipient"),
    "recipient_phone": gettext_lazy("recipient phone"),
    "recipient_address": gettext_lazy("delivery address"),
    "card_message": gettext_lazy("card message"), "lines": gettext_lazy("lines"),
    "total": gettext_lazy("total"), "courier": gettext_lazy("courier"),
}


def view_snapshot(order: Order) -> dict[str, str]:
    """What the page shows of the order, as text: compared on a conflict."""
    def local(moment):
        return timezone.localtime(moment).strftime("%H:%M") if moment else ""

    courier = getattr(getattr(order, "assignment", None), "courier", None)
    return {
        "status": str(order.get_status_display()),
        "delivery_date": order.delivery_date.isoformat(),
        "window": f"{local(order.window_start)}–{local(order.window_end)}" if order.window_start else "",
        "recipient_name": order.recipient_name,
        "recipient_phone": str(order.recipient_phone or ""),
        "recipient_address": order.recipient_address,
        "card_message": order.card_message,
        "lines": "; ".join(f"{line.quantity} × {line.sku or line.name}" for line in order.lines.all()),
        "total": f"{order.total} {order.currency}",
        "courier": courier.name if courier else "",
    }


def conflict_diff(loaded: dict[str, str], now: dict[str, str]) -> list[tuple[str, str, str]]:
    return [(str(SNAPSHOT_LABELS[key]), loaded.get(key, ""), value)
            for key, value in now.items() if key in SNAPSHOT_LABELS and loaded.get(key) != value]


# action name -> (form class, what it does with the cleaned form); each calls one service.
def _confirm(order, form, actor):
    return order_confirm_call(
        order_id=order.pk, reached=form.cleaned_data["outcome"] == ConfirmForm.REACHED,
        note=form.cleaned_data["note"], customer_message=form.cleaned_data["customer_message"],
        actor=actor, expected_version=form.cleaned_data["version"])


def _edit(order, form, actor):
    return order_edit(order_id=order.pk, changes=form.changes(), actor=actor,
                      note=form.cleaned_data["note"],
                      customer_message=form.cleaned_data["customer_message"],
                      expected_version=form.cleaned_data["version"])


def _cancel(order, form, actor):
    return order_cancel(order_id=order.pk, reason=form.cleaned_data["reason"],
                        actor=actor, expected_version=form.cleaned_data["version"])


def _assemble(order, form, actor):
    return order_handoff_assembly(order_id=order.pk, team=form.cleaned_data["team"],
                                  actor=actor,
                                  expected_version=form.cleaned_data["version"])


def _courier(order, form, actor):
    return delivery_services.courier_assign(order_id=order.pk,
                                            courier_id=form.cleaned_data["courier"].pk,
                                            actor=actor,
                                            expected_version=form.cleaned_data["version"])


def _dispatch(order, form, actor):
    return delivery_services.delivery_dispatch(
        order_id=order.pk, tracking_number=form.cleaned_data["tracking_number"], actor=actor,
        expected_version=form.cleaned_data["version"])


def _addon(order, form, actor):
    return order_addon_add(order_id=order.pk, product_id=form.cleaned_data["product"],
                           actor=actor, expected_version=form.cleaned_data["version"])


def _swap(order, form, actor):
    return order_line_swap(order_id=order.pk, line_id=form.cleaned_data["line"],
                           product_id=form.cleaned_data["product"], actor=actor,
                           expected_version=form.cleaned_data["version"])


def _quantity(order, form, actor):
    return order_line_quantity(order_id=order.pk, line_id=form.cleaned_data["line"],
                               quantity=form.cleaned_data["quantity"], actor=actor,
                               expected_version=form.cleaned_data["version"])


def _attended(order, form, actor):
    return order_attention_clear(order_id=order.pk, note=form.cleaned_data["note"],
                                 actor=actor,
                                 expected_version=form.cleaned_data["version"])


def _promo(order, form, actor):
    return order_promo_apply(order_id=order.pk, code=form.cleaned_data["code"], actor=actor,
                             expected_version=form.cleaned_data["version"])


# --- board: the outcomes of a delivery, each one form and one service ---
def _on_road(order) -> int:
    attempt = order.attempts.filter(status=DeliveryAttempt.Status.IN_PROGRESS).first()
    if attempt is None:
        raise delivery_services.DeliveryError(
            _t("Order %(number)s is not on the road: there is no delivery to finish.")
            % {"number": order.number})
    return attempt.pk


def _delivered(order, form, actor):
    return delivery_services.delivery_finish(
        attempt_id=_on_road(order), delivered=True, delivered_at=form.delivered_at(),
        received_by=form.cleaned_data["received_by"], actor=actor)


def _failed(order, form, actor):
    return delivery_services.delivery_finish(
        attempt_id=_on_road(order), delivered=False,
        failure_reason=form.cleaned_data["failure_reason"], note=form.cleaned_data["note"],
        actor=actor)


def _resend(order, form, actor):
    start, end = form.window()
    return delivery_services.delivery_resend(
        order_id=order.pk, courier_id=form.cleaned_data["courier"].pk,
        delivery_date=form.cleaned_data["delivery_date"], window_start=start, window_end=end,
        note=form.cleaned_data["note"], actor=actor, expected_version=form.cleaned_data["version"])


def _report(order, form, actor):
    return delivery_services.delivery_report_late(
        order_id=order.pk, delivered_at=form.delivered_at(),
        received_by=form.cleaned_data["received_by"], note=form.cleaned_data["note"],
        actor=actor)


ACTIONS = {
    "confirm": (ConfirmForm, _confirm, gettext_lazy("Call outcome saved.")),
    "edit": (EditForm, _edit, gettext_lazy("Changes saved; everyone affected is told.")),
    "cancel": (CancelForm, _cancel, gettext_lazy("Order cancelled.")),
    "assemble": (AssemblyForm, _assemble, gettext_lazy("Handed off to assembly.")),
    "courier": (CourierForm, _courier, gettext_lazy("Courier assigned.")),
    "dispatch": (DispatchForm, _dispatch, gettext_lazy("Out for delivery.")),
    "addon": (AddonForm, _addon, gettext_lazy("Add-on added.")),
    "swap": (SwapForm, _swap, gettext_lazy("Line swapped.")),
    "quantity": (LineQuantityForm, _quantity, gettext_lazy("Quantity changed.")),
    "promo": (PromoForm, _promo, gettext_lazy("Promo code applied.")),
    "attended": (AttentionForm, _attended, gettext_lazy("Marked as handled.")),
    "delivered": (DeliveredForm, _delivered, gettext_lazy("Delivered.")),
    "failed": (FailedForm, _failed, gettext_lazy("Delivery failed: recorded.")),
    "resend": (ResendForm, _resend, gettext_lazy("Planned again: back to assembling.")),
    "report": (ReportLateForm, _report, gettext_lazy("Delivered after all: recorded.")),
}


def _can(order: Order, assignment) -> dict[str, bool]:
    """Which of the page's forms to show: exactly what the services accept (orders.rules)."""
    actions = order_actions(order)
    can = {action: action in actions for action in Action.values}
    # Dispatch also needs a courier (delivery_dispatch refuses without one).
    can[Action.DISPATCH] = can[Action.DISPATCH] and assignment is not None
    return can


def _typed(bound: dict) -> dict[str, dict]:
    """What the confirm and edit forms hold for the customer (kept when a form comes back)."""
    typed = {"confirm": {"reached": None, "customer_message": ""},
             "edit": {"customer_message": ""}}
    for action, values in typed.items():
        form = bound.get(action)
        if form is not None:
            values["customer_message"] = form.data.get("customer_message", "")
            if action == "confirm":
                values["reached"] = ConfirmForm.reached(form.data.get("outcome"))
    return typed


def _load(order_id: int) -> Order:
    try:
        return selectors.order_for_page(order_id)
    except Order.DoesNotExist as exc:
        raise Http404 from exc


class OrderView(DeskView):
    def get(self, request, pk: int, action: str = ""):
        if action:
            return redirect("desk:order", pk=pk)
        return self.page(request, _load(pk))

    def post(self, request, pk: int, action: str = ""):
        if action not in ACTIONS:
            raise Http404
        form_class, handler, done = ACTIONS[action]
        order = _load(pk)
        form = form_class(request.POST)
        if not form.is_valid():
            return self.page(request, order, bound={action: form}, status=400)
        try:
            handler(order, form, request.user)
        except StaleOrder as exc:
            return self.conflict(request, pk, action, form, exc)
        except (OrderError, CatalogError) as exc:
            form.add_error(None, exc.message)
            return self.page(request, order, bound={action: form}, status=400)
        messages.success(request, done)
        return redirect("desk:order", pk=pk)

    def conflict(self, request, pk, action, form, exc):
        """The second save: show what changed since they loaded the page, and keep every
        character they typed, now against the current version (saving again applies it)."""
        order = _load(pk)
        snapshot = view_snapshot(order)
        data = request.POST.copy()
        data["version"], data["snapshot"] = order.version, sign_snapshot(snapshot)
        form_class = ACTIONS[action][0]
        kept = form_class(data)
        kept.is_valid()
        diff = conflict_diff(read_snapshot(request.POST.get("snapshot", "")), snapshot)
        return self.page(request, order, bound={action: kept}, status=409,
                         conflict={"message": exc.message, "diff": diff, "action": action})

    def page(self, request, order: Order, *, bound=None, status=200, conflict=None):
        bound = bound or {}
        snapshot = sign_snapshot(view_snapshot(order))
        versioned = {"version": order.version, "snapshot": snapshot}
        assignment = getattr(order, "assignment", None)

        def form(name, **initial):
            if name in bound:
                return bound[name]
            return ACTIONS[name][0](initial=versioned | initial)

        stock = selectors.line_stock(order)
        category_ids = {row.line.product.category_id for row in stock if row.line.product_id}
        in_order = {row.line.product_id for row in stock if row.line.product_id}
        inbound = order.inbound_messages.all()
        raw = None
        if inbound:
            raw = bytes(inbound[0].raw).decode("utf-8", errors="replace")[:20000]
        context = {
            "order": order, "stock": stock, "events": timeline.event_sentences(order),
            "reasons": selectors.needs_person_reasons(order),
            "inbound": inbound[0] if inbound else None, "raw": raw,
            "assignment": assignment, "conflict": conflict,
            "action_errors": [error for form in bound.values() for error in form.non_field_errors()],
            "versioned": versioned,
            "forms": {
                "confirm": form("confirm"),  # no outcome chosen: the operator says which
                "edit": form("edit", **EditForm.initial_for(order)),
                "cancel": form("cancel"), "assemble": form("assemble", team="florist"),
                "courier": form("courier", courier=assignment.courier_id if assignment else None),
                "dispatch": form("dispatch"), "promo": form("promo"),
                "attended": form("attended"),
                "delivered": form("delivered"), "failed": form("failed"),
                "resend": form("resend", courier=assignment.courier_id if assignment else None,
                               delivery_date=timezone.localdate()),
                "report": form("report"),
                "quantity": bound.get("quantity"),
            },
            "can": _can(order, assignment),
            "previews": {
                action: _preview(order, action, **typed) for action, typed in _typed(bound).items()},
            "addons": [product for product in addon_offers(category_ids=category_ids)
                       if product.pk not in in_order],  # never what the order already has
            "promo_codes": selectors.promo_codes_in_force(),
            "parcel": parcel_panel(order),
            "parcel_form": ParcelStatusForm(),
        }
        panel = photo_panel(order)  # photos: one query
        context |= {"photos": panel, "photo_form": PhotoForm(kinds=panel.kinds)}
        return render(request, "desk/order.html", context, status=status)


class CustomerMessagePreviewView(DeskView):
    """The e-mail the confirm or edit form will send the customer, as it will be sent, for
    what is typed so far (an HTMX partial beside the form). Internal notes have no way in."""

    def get(self, request, pk: int, action: str):
        if action not in ("confirm", "edit"):
            raise Http404
        reached = ConfirmForm.reached(request.GET.get("outcome")) if action == "confirm" else True
        preview = _preview(_load(pk), action, reached=reached,
                           customer_message=request.GET.get("customer_message", ""))
        return render(request, "desk/_email_preview.html", {"preview": preview})


def _preview(order: Order, action: str, *, reached: bool | None = True,
             customer_message: str = ""):
    """The e-mail the form will send; CHOOSE while the call's outcome is not chosen yet."""
    if reached is None:
        return CHOOSE
    return customer_message_preview(order=order, action=action, reached=reached,
                                    customer_message=customer_message)


CHOOSE = "choose"  # the preview's template says: choose the call's outcome first
