"""What an operator does to an order on its page: confirm after a call, edit, swap, sell an
add-on, cancel, hand off to assembly. Each takes the `expected_version` the operator loaded,
so two operators on one order cannot both win silently (StaleOrder for the second)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import services as catalog_services
from catalog.exceptions import AddOnRefused
from catalog.models import Product

from .. import capacity, domain_events, events
from ..exceptions import EditRefused, WindowRefused
from ..models import Order, OrderLine, Status
from ..rules import IN_PREPARATION, Action, allows, order_total
from .messages import order_event_key, order_messages
from .transitions import order_bump, order_lock, order_move
from .validation import delivery_date_range, window_check

# What the edit form may change, in the order the timeline shows them.
EDITABLE = ("delivery_date", "window_start", "window_end", "recipient_name", "recipient_phone",
            "recipient_address", "card_message")


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):  # one instant, one text, whatever zone it came in
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


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
    if not allows(order.status, Action.CONFIRM):
        raise EditRefused(_("Order %(number)s is %(status)s: there is nothing to confirm.")
                          % {"number": order.number, "status": order.get_status_display()})
    if order.status == Status.NEW:
        return order_move(order_id=order_id, to=Status.AWAITING_CUSTOMER, actor=actor,
                          note=note, said=None if note else events.phrase("called_no_answer"),
                          customer_message=customer_message)
    # Not reached again: another e-mail, another line on the timeline, still waiting.
    order_bump(order)
    events.note(order=order, actor=actor, message=note,
                said=None if note else events.phrase("called_again_no_answer"))
    domain_events.not_reached(order, customer_message=customer_message)
    return order


@transaction.atomic
def order_edit(*, order_id: int, changes: dict[str, Any], actor=None,
               expected_version: int | None = None, note: str = "", said: dict | None = None,
               customer_message: str = "", ask: capacity.Ask | None = None) -> Order:
    """Change delivery date, window, address, recipient or card text. The timeline gets the
    before and after (and the internal `note`, or what the desk `said`); the assembly task
    list, the assigned courier and the customer are told (the customer with
    `customer_message`, as written). A new date, window or address moves the order's place
    in the capacity ledger: a full window is refused (WindowFull) unless `ask` says
    otherwise."""
    order = order_lock(order_id=order_id, expected_version=expected_version)
    if not allows(order.status, Action.EDIT):
        raise EditRefused(_("Order %(number)s is %(status)s and can no longer change.")
                          % {"number": order.number, "status": order.get_status_display()})
    day, (first, last) = changes.get("delivery_date"), delivery_date_range()
    if day is not None and day != order.delivery_date and not first <= day <= last:
        # The intake door's range: year 1 with an early window is a BC timestamp, which breaks
        # every page that reads the order.
        raise EditRefused(_("The delivery date must be between %(first)s and %(last)s.")
                          % {"first": first.isoformat(), "last": last.isoformat()})
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
    try:
        window_check(order.window_start, order.window_end)
    except WindowRefused as refused:
        raise EditRefused(refused.message) from refused
    changed = list(after)
    if capacity.MOVES_PLACE & set(after) and order.status in capacity.HOLDS_PLACE:
        changed += _place_moved(order, ask or capacity.Ask(capacity.REFUSE, actor=actor))
    if "delivery_date" in after and order.has_past_date:
        # A new date set by a person answers "the date had passed" unless it is past too.
        order.has_past_date = order.delivery_date < timezone.localdate()
        changed.append("has_past_date")
    order_bump(order, *changed)
    told = _tell_parties(order, before=before, after=after,
                         customer_message=customer_message)
    events.edited(order=order, before=before, after=after | {"told": told}, actor=actor,
                  note=note, said=said)
    return order


def _place_moved(order: Order, ask: capacity.Ask) -> list[str]:
    """Take the order's place in its new window (WindowFull when refused); a person's new
    window that has room answers "over capacity"."""
    over = capacity.take(order, ask)
    if over == order.over_capacity:
        return []
    order.over_capacity = over
    return ["over_capacity"]


# Who a message of a change is for, as the timeline's "told" names them (by the notice kind).
_PARTY = {"assembly_notice": "assembly", "courier_notice": "courier", "changed": "customer"}


def _tell_parties(order: Order, *, before: dict[str, Any], after: dict[str, Any],
                  customer_message: str = "") -> list[str]:
    """Everyone a change affects is told by notices, which hears OrderChanged in this
    transaction: the florist or warehouse while the order is being prepared, the assigned
    courier, the customer, each by a real message in the outbox where they have an address.
    The messages carry this change's event key, so the edit reads back who was told, as
    "party:address", for the timeline: exactly the messages queued."""
    event = order_event_key(order, "changed")
    domain_events.changed(order, event=event, before=before, after=after,
                          customer_message=customer_message)
    return [f"{_PARTY.get(message.kind, message.kind)}:{message.recipient}"
            for message in order_messages(order=order, event=event)]


def _recount(order: Order) -> None:
    subtotal = sum((line.amount for line in order.lines.all()), start=Decimal("0"))
    order.subtotal = subtotal
    order.total = order_total(subtotal=subtotal, delivery_fee=order.delivery_fee,
                              discount=order.discount)
    # The operator has now set the lines by hand: the received total no longer stands apart.
    order.has_total_mismatch = False
    order.has_unknown_items = order.lines.filter(product__isnull=True).exists()


def _holds_stock(order: Order) -> bool:
    return order.status in IN_PREPARATION


@transaction.atomic
def order_addon_add(*, order_id: int, product_id: int, quantity: int = 1, actor=None,
                    expected_version: int | None = None) -> OrderLine:
    """Sell an add-on: a line marked as an upsell (managers count them), on the timeline.
    Refused (EditRefused, code `festive_with_mourning`) for a festive add-on on an order with
    mourning goods, whatever the page offered."""
    order = order_lock(order_id=order_id, expected_version=expected_version)
    _refuse_closed(order)
    product = Product.objects.get(pk=product_id, is_active=True)
    category_ids = order.lines.filter(product__isnull=False).values_list("product__category_id",
                                                                         flat=True)
    try:
        catalog_services.addon_check(product=product, category_ids=category_ids)
    except AddOnRefused as exc:
        raise EditRefused(exc.message, code=exc.code) from exc
    line = OrderLine.objects.create(order=order, product=product, sku=product.sku,
                                    name=product.name_en, quantity=quantity,
                                    unit_price=product.price, is_upsell=True)
    if _holds_stock(order):
        catalog_services.stock_reserve(lines=[line])
    _recount(order)
    order_bump(order, "subtotal", "total", "has_total_mismatch", "has_unknown_items")
    events.edited(order=order, before={}, after={"upsell": f"{quantity} × {product.sku}",
                                                 "total": str(order.total)}, actor=actor,
                  said=events.phrase("addon_accepted", name=product.sku))
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
                  actor=actor, said=events.phrase("swapped"))
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
    after |= {"total": str(order.total)}
    told = _tell_parties(order, before=before, after=after)
    events.edited(order=order, before=before, after=after | {"told": told}, actor=actor)
    return order


def _refuse_closed(order: Order) -> None:
    if not allows(order.status, Action.LINES):
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
    """A person has dealt with what the desk could not apply by itself (see Order.attention),
    a delivery date that had passed on arrival, or site prices that differ from the catalog."""
    order = order_lock(order_id=order_id, expected_version=expected_version)
    handled = {field: getattr(order, field) for field in _HANDLED if getattr(order, field)}
    if not handled:
        return order
    for field, value in handled.items():
        setattr(order, field, "" if isinstance(value, str) else False)
    order_bump(order, *handled)
    events.edited(order=order, before=handled,
                  after={field: getattr(order, field) for field in handled}, actor=actor,
                  note=note.strip(), said=None if note.strip() else events.phrase("handled"))
    return order


# What "mark handled" answers. The unknown items and the total mismatch stay until the lines
# themselves are put right (see _recount).
_HANDLED = ("attention", "has_past_date", "has_price_mismatch", "over_capacity", "past_cutoff")


ASSEMBLY_TEAMS = {"florist", "warehouse"}


def order_handoff_assembly(*, order_id: int, team: str, actor=None,
                           expected_version: int | None = None) -> Order:
    """Hand a confirmed order to the florist or the warehouse to assemble."""
    if team not in ASSEMBLY_TEAMS:
        raise EditRefused(_("Choose the florist or the warehouse."))
    return order_move(order_id=order_id, to=Status.ASSEMBLING, actor=actor,
                      expected_version=expected_version,
                      said=events.phrase("handed_to", team=team))
