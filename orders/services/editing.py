"""What an operator does to an order on its page: confirm after a call, edit, swap, sell an
add-on, cancel, hand off to assembly. Each takes the `expected_version` the operator loaded,
so two operators on one order cannot both win silently (StaleOrder for the second)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from catalog import services as catalog_services
from catalog.models import Product

from .. import events
from ..exceptions import OrderError
from ..models import CustomerMessage, Order, OrderLine, Status
from .messages import customer_message_compose, customer_message_queue
from .transitions import order_bump, order_lock, order_move

# What the edit form may change, in the order the timeline shows them.
EDITABLE = ("delivery_date", "window_start", "window_end", "recipient_name", "recipient_phone",
            "recipient_address", "card_message")


class EditRefused(OrderError):
    code = "edit_refused"


def order_snapshot(order: Order) -> dict[str, str]:
    """The editable fields as plain text: what an operator saw when they loaded the page."""
    return {field: _plain(getattr(order, field)) for field in EDITABLE}


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):  # one instant, one text, whatever zone it came in
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def customer_message_preview(*, order: Order, action: str, reached: bool = True,
                             customer_message: str = "") -> dict[str, str] | None:
    """The e-mail that `order_confirm_call` (action "confirm") or `order_edit` ("edit") sends
    the customer, exactly as it will be sent; None when the customer has no e-mail address."""
    if not order.customer.email:
        return None
    if action == "edit":
        kind = CustomerMessage.Kind.CHANGED
    else:
        kind = CustomerMessage.Kind.CONFIRMATION if reached else CustomerMessage.Kind.NOT_REACHED
    _language, subject, body = customer_message_compose(order=order, kind=kind,
                                                        customer_message=customer_message)
    return {"to": order.customer.email, "subject": subject, "body": body}


@transaction.atomic
def order_confirm_call(*, order_id: int, reached: bool, actor=None,
                       expected_version: int | None = None, note: str = "",
                       customer_message: str = "") -> Order:
    """The outcome of the confirmation call. Reached: confirmed (stock reserved, the customer
    gets the confirmation). Not reached: the customer is e-mailed what needs confirming and
    the order waits as awaiting customer, which keeps it in the queue's follow-ups.

    `note` is internal: it goes on the timeline and never leaves the desk. `customer_message`
    is written for the customer and goes into their e-mail as written."""
    if reached:
        return order_move(order_id=order_id, to=Status.CONFIRMED, actor=actor,
                          expected_version=expected_version, note=note,
                          customer_message=customer_message)
    order = order_lock(order_id=order_id, expected_version=expected_version)
    if order.status == Status.NEW:
        return order_move(order_id=order_id, to=Status.AWAITING_CUSTOMER, actor=actor,
                          note=note or _("Called, no answer."),
                          customer_message=customer_message)
    if order.status != Status.AWAITING_CUSTOMER:
        raise EditRefused(_("Order %(number)s is %(status)s: there is nothing to confirm.")
                          % {"number": order.number, "status": order.get_status_display()})
    # Not reached again: another e-mail, another line on the timeline, still waiting.
    order_bump(order)
    events.note(order=order, actor=actor, message=note or _("Called again, no answer."))
    customer_message_queue(order=order, kind=CustomerMessage.Kind.NOT_REACHED,
                           customer_message=customer_message)
    return order


@transaction.atomic
def order_edit(*, order_id: int, changes: dict[str, Any], actor=None,
               expected_version: int | None = None, note: str = "",
               customer_message: str = "") -> Order:
    """Change delivery date, window, address, recipient or card text. The timeline gets the
    before and after (and the internal `note`); the assembly task list, the assigned courier
    and the customer are told (the customer with `customer_message`, as written)."""
    order = order_lock(order_id=order_id, expected_version=expected_version)
    if order.status in (Status.DELIVERED, Status.CANCELLED):
        raise EditRefused(_("Order %(number)s is %(status)s and can no longer change.")
                          % {"number": order.number, "status": order.get_status_display()})
    before, after = {}, {}
    for field in EDITABLE:
        if field not in changes:
            continue
        old, new = _plain(getattr(order, field)), _plain(changes[field])
        if old != new:
            before[field], after[field] = old, new
            setattr(order, field, changes[field])
    if not after:
        return order
    if order.window_start and order.window_end and order.window_end <= order.window_start:
        raise EditRefused(_("The delivery window ends before it starts."))
    order_bump(order, *after)
    told = _tell_parties(order, customer_message=customer_message)
    events.edited(order=order, before=before, after=after | {"told": told}, actor=actor,
                  note=note)
    return order


def _tell_parties(order: Order, *, customer_message: str = "") -> list[str]:
    """Everyone a change affects: the florist or warehouse list (the order's own timeline,
    which their task list reads), the assigned courier, and the customer by e-mail."""
    told = []
    if order.status in (Status.CONFIRMED, Status.ASSEMBLING):
        told.append("assembly")
    courier = getattr(getattr(order, "assignment", None), "courier", None)
    if courier is not None:
        told.append(f"courier:{courier.name}")
    if customer_message_queue(order=order, kind=CustomerMessage.Kind.CHANGED,
                              customer_message=customer_message):
        told.append("customer")
    return told


def _recount(order: Order) -> None:
    subtotal = sum((line.amount for line in order.lines.all()), start=Decimal("0"))
    order.subtotal = subtotal
    order.total = max(subtotal + order.delivery_fee - order.discount, Decimal("0"))
    # The operator has now set the lines by hand: the received total no longer stands apart.
    order.has_total_mismatch = False
    order.has_unknown_items = order.lines.filter(product__isnull=True).exists()


def _holds_stock(order: Order) -> bool:
    return order.status in (Status.CONFIRMED, Status.ASSEMBLING)


@transaction.atomic
def order_addon_add(*, order_id: int, product_id: int, quantity: int = 1, actor=None,
                    expected_version: int | None = None) -> OrderLine:
    """Sell an add-on: a line marked as an upsell (managers count them), on the timeline."""
    order = order_lock(order_id=order_id, expected_version=expected_version)
    _refuse_closed(order)
    product = Product.objects.get(pk=product_id, is_active=True)
    line = OrderLine.objects.create(order=order, product=product, sku=product.sku,
                                    name=product.name_en, quantity=quantity,
                                    unit_price=product.price, is_upsell=True)
    if _holds_stock(order):
        catalog_services.stock_reserve(lines=[line])
    _recount(order)
    order_bump(order, "subtotal", "total", "has_total_mismatch", "has_unknown_items")
    events.edited(order=order, before={}, after={"upsell": f"{quantity} × {product.sku}",
                                                 "total": str(order.total)}, actor=actor,
                  note=_("Add-on accepted: %(name)s") % {"name": product.name})
    return line


@transaction.atomic
def order_line_swap(*, order_id: int, line_id: int, product_id: int, actor=None,
                    expected_version: int | None = None) -> OrderLine:
    """Replace a line's product with an alternative (same quantity, the alternative's price)."""
    order = order_lock(order_id=order_id, expected_version=expected_version)
    _refuse_closed(order)
    line = order.lines.select_related("product").get(pk=line_id)
    product = Product.objects.get(pk=product_id, is_active=True)
    before = {"line": f"{line.quantity} × {line.sku or line.name}", "price": str(line.unit_price)}
    if _holds_stock(order):
        catalog_services.stock_release(lines=[line])
    line.product, line.sku, line.name, line.unit_price = (product, product.sku, product.name_en,
                                                          product.price)
    line.save(update_fields=["product", "sku", "name", "unit_price"])
    if _holds_stock(order):
        line = OrderLine.objects.select_related("product").get(pk=line.pk)
        catalog_services.stock_reserve(lines=[line])
    _recount(order)
    order_bump(order, "subtotal", "total", "has_total_mismatch", "has_unknown_items")
    events.edited(order=order, before=before,
                  after={"line": f"{line.quantity} × {product.sku}", "price": str(product.price)},
                  actor=actor, note=_("Swapped for an alternative."))
    return line


@transaction.atomic
def order_line_quantity(*, order_id: int, line_id: int, quantity: int, actor=None,
                        expected_version: int | None = None) -> Order:
    """Change how many of a line; 0 removes it (an order keeps at least one line)."""
    order = order_lock(order_id=order_id, expected_version=expected_version)
    _refuse_closed(order)
    line = order.lines.get(pk=line_id)
    if quantity < 0 or (quantity == 0 and order.lines.count() == 1):
        raise EditRefused(_("An order needs at least one line."))
    before = {"line": f"{line.quantity} × {line.sku or line.name}"}
    if _holds_stock(order):
        catalog_services.stock_release(lines=[line])
    if quantity == 0:
        line.delete()
        after = {"line": _("removed")}
    else:
        line.quantity = quantity
        line.save(update_fields=["quantity"])
        if _holds_stock(order):
            catalog_services.stock_reserve(lines=[OrderLine.objects.select_related("product")
                                                  .get(pk=line.pk)])
        after = {"line": f"{quantity} × {line.sku or line.name}"}
    _recount(order)
    order_bump(order, "subtotal", "total", "has_total_mismatch", "has_unknown_items")
    events.edited(order=order, before=before, after=after | {"total": str(order.total)},
                  actor=actor)
    _tell_parties(order)
    return order


def _refuse_closed(order: Order) -> None:
    if order.status not in (Status.NEW, Status.AWAITING_CUSTOMER, Status.CONFIRMED,
                            Status.ASSEMBLING):
        raise EditRefused(_("Order %(number)s is %(status)s: its lines can no longer change.")
                          % {"number": order.number, "status": order.get_status_display()})


def order_cancel(*, order_id: int, reason: str, actor=None,
                 expected_version: int | None = None) -> Order:
    """Cancel with a reason (required); the stock it held is released by the move."""
    if not reason.strip():
        raise EditRefused(_("Say why the order is cancelled."))
    return order_move(order_id=order_id, to=Status.CANCELLED, actor=actor,
                      expected_version=expected_version, note=reason.strip())


@transaction.atomic
def order_attention_clear(*, order_id: int, note: str = "", actor=None,
                          expected_version: int | None = None) -> Order:
    """A person has dealt with what the desk could not apply by itself (see Order.attention)."""
    order = order_lock(order_id=order_id, expected_version=expected_version)
    if not order.attention:
        return order
    was = order.attention
    order.attention = ""
    order_bump(order, "attention")
    events.edited(order=order, before={"attention": was}, after={"attention": ""}, actor=actor,
                  note=note.strip() or _("handled by a person"))
    return order


ASSEMBLY_TEAMS = {"florist", "warehouse"}


def order_handoff_assembly(*, order_id: int, team: str, actor=None,
                           expected_version: int | None = None) -> Order:
    """Hand a confirmed order to the florist or the warehouse to assemble."""
    if team not in ASSEMBLY_TEAMS:
        raise EditRefused(_("Choose the florist or the warehouse."))
    label = _("florist") if team == "florist" else _("warehouse")
    return order_move(order_id=order_id, to=Status.ASSEMBLING, actor=actor,
                      expected_version=expected_version,
                      note=_("Handed to the %(team)s.") % {"team": label})
