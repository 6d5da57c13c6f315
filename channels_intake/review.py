"""The review queue: inbound messages a person must finish. Saving takes the order through the
one intake door; dismissing needs a reason. Either way the message ends in one state."""

from __future__ import annotations

import dataclasses

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orders import services as order_services
from orders.normalized import Item, NormalizedOrder, Party
from orders.services import IntakeResult

from .exceptions import ReviewRefused
from .models import InboundMessage, InboundState
from .services.lifecycle import inbound_state_for


def _lock(message_id: int) -> InboundMessage:
    message = InboundMessage.objects.select_for_update().select_related("source").get(
        pk=message_id)
    if message.state != InboundState.REVIEW:
        raise ReviewRefused(_("Someone has already handled this message (%(state)s).")
                            % {"state": message.get_state_display()})
    return message


def _stated(parsed: dict) -> NormalizedOrder | None:
    """What the message said, when the reader understood it as an order at all."""
    try:
        return NormalizedOrder.from_json(parsed) if parsed else None
    except (KeyError, TypeError):
        return None


def unread_paths(parsed: dict) -> list[str]:
    """What the reader could not read of a message read in part ("items", "total",
    "customer.phone", ...: its `extra["unread"]`), for the review form to mark."""
    extra = parsed.get("extra") if isinstance(parsed, dict) else None
    unread = extra.get("unread") if isinstance(extra, dict) else None
    return [path for path in unread if isinstance(path, str)] if isinstance(unread, list) else []


def _given(value) -> bool:
    return value not in (None, "", (), [], {})


def _party(stated: Party, edited: Party) -> Party:
    return Party(**{f.name: getattr(edited, f.name) if _given(getattr(edited, f.name))
                    else getattr(stated, f.name) for f in dataclasses.fields(Party)})


def _item(stated: tuple[Item, ...], edited: Item) -> Item:
    """The person's line, with the price the message stated for it when the person gave none."""
    if _given(edited.unit_price):
        return edited
    sku, name = (edited.sku or "").strip().upper(), (edited.name or "").strip().casefold()
    for item in stated:
        same = ((sku and (item.sku or "").strip().upper() == sku)
                or (not sku and name and (item.name or "").strip().casefold() == name))
        if same and _given(item.unit_price):
            return dataclasses.replace(edited, unit_price=item.unit_price,
                                       name=edited.name or item.name)
    return edited


def review_order(*, stated: NormalizedOrder | None, edited: NormalizedOrder) -> NormalizedOrder:
    """The order a review item becomes: what the person completed, over what the message said.

    Nothing the customer was told changes silently: every field the person left empty keeps
    the message's value; a line without a price keeps the price the message stated for it (by
    SKU, or by name for an item without one), the catalog's only when the message had none;
    the fee and the discount are the message's unless the person typed them; the total is the
    one the message stated, always, so intake checks the lines against it and flags a mismatch
    instead of correcting it; a message that said "paid" stays paid. Lines the person removed
    stay removed: the stated total then shows the gap as a mismatch."""
    if stated is None:
        return edited
    merged = {}
    for f in dataclasses.fields(NormalizedOrder):
        mine, theirs = getattr(edited, f.name), getattr(stated, f.name)
        merged[f.name] = mine if _given(mine) else theirs
    merged["customer"] = _party(stated.customer, edited.customer)
    merged["recipient"] = _party(stated.recipient, edited.recipient)
    merged["items"] = (tuple(_item(stated.items, item) for item in edited.items)
                       if edited.items else stated.items)
    merged["currency"] = stated.currency or edited.currency
    merged["total"] = stated.total if _given(stated.total) else edited.total
    merged["is_paid"] = stated.is_paid or edited.is_paid
    merged["is_preorder"] = stated.is_preorder or edited.is_preorder
    # What could not be read is now the person's: the order keeps no such mark.
    merged["extra"] = {key: value for key, value in (merged["extra"] or {}).items()
                       if key != "unread"}
    return NormalizedOrder(**merged)


@transaction.atomic
def review_resolve(*, message_id: int, normalized: NormalizedOrder, actor=None) -> IntakeResult:
    """Take what the person completed through intake and close the item, linked to the result.

    `normalized` is the person's order: customer, recipient, delivery, every line (a catalog
    SKU or a free name, with its quantity and, when they typed one, its price), fee, discount,
    payment. It is laid over what the message said (`review_order`), so a field, price, fee or
    total the form did not carry keeps the message's value. IntakeInvalid propagates with every
    bad field; the item then stays in review."""
    message = _lock(message_id)
    normalized = review_order(stated=_stated(message.parsed or {}), edited=normalized)
    result = order_services.intake(normalized=normalized, source=message.source.name, actor=actor)
    message.state = inbound_state_for(result)
    message.order, message.lead = result.order, result.lead
    message.parsed = normalized.to_json()
    message.processed_at = timezone.now()
    message.save(update_fields=["state", "order", "lead", "parsed", "processed_at"])
    return result


@transaction.atomic
def review_dismiss(*, message_id: int, reason: str, actor=None) -> InboundMessage:
    """Not an order (spam, a question, a duplicate by other means): ignored, with the reason."""
    if not reason.strip():
        raise ReviewRefused(_("Say why this message is dismissed."))
    message = _lock(message_id)
    who = ((actor.get_full_name() or actor.get_username()) if actor is not None and actor.pk
           else "desk")  # by name, as people call each other
    message.state = InboundState.IGNORED
    message.reason = f"{reason.strip()} ({who})"
    message.processed_at = timezone.now()
    message.save(update_fields=["state", "reason", "processed_at"])
    return message
