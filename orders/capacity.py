"""The capacity ledger, as orders sees it (issue 20): every path where an order takes a window
asks here for a place, inside its own transaction; cancelling or failing it gives the place
back. Orders knows no zones nor counts: delivery plugs the ledger into `LEDGER` (its
subscribers.py) and answers. Without a plug every window is unlimited.

The keys of `LEDGER`:
- "reserve": reserve(*, address, day, window_start, window_end, order_id, holder) -> Place.
  Locks the window's row for the rest of the transaction and counts its places, so no other
  booker can take the same last place before this one commits.
- "record": record(*, order, place, override, actor, fresh): writes the order's one ledger row
  (moving it when the order already had one; `fresh`: just inserted, it has none) and turns
  the holder's hold into it.
- "give_back": give_back(*, order_id): deletes the order's row.

A new order arriving after its window's cut-off (`Place.closed`) is never refused: every channel
keeps it, marked `past_cutoff` for a person.

What a channel does when the window is full (`Ask.when_full`): REFUSE (the partner API, quick
entry, an operator's edit: WindowFull, nothing written; a manager's `override` reason takes it
anyway) or MARK (an e-mail, a feed, a partner's change, sending again: the order is kept and
marked `over_capacity` for a person, the next free windows on its timeline).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time
from typing import Any

from core import roles
from core.hooks import Hook

from . import events
from .exceptions import WindowFull
from .models import Order
from .rules import Status

LEDGER: Hook = Hook("orders.capacity.LEDGER", "the capacity ledger: reserve, record, give_back")

REFUSE, MARK = "refuse", "mark"

# An order in these holds its place; cancelling or failing gives it back, sending a failed
# order again takes one again. A delivered order keeps its row: the place was used.
HOLDS_PLACE = (Status.NEW, Status.AWAITING_CUSTOMER, Status.CONFIRMED, Status.ASSEMBLING,
               Status.OUT_FOR_DELIVERY)
# What an edit changes that moves the order's place (its zone is read from the address).
MOVES_PLACE = {"delivery_date", "window_start", "window_end", "recipient_address"}


@dataclasses.dataclass(frozen=True)
class Window:
    """A window with places left, as the ledger suggests one (Asia/Yerevan times)."""

    day: date
    starts: time
    ends: time
    left: int

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.starts:%H:%M}-{self.ends:%H:%M}"


@dataclasses.dataclass(frozen=True)
class Place:
    """The ledger's answer for one window, reserved under its lock for this transaction.
    `left` None: not limited. `closed`: past the window's cut-off for new orders."""

    full: bool = False
    closed: bool = False
    left: int | None = None
    next_free: tuple[Window, ...] = ()
    zone_id: int | None = None
    slot_id: int | None = None
    holder_id: int | None = None


UNLIMITED = Place()


@dataclasses.dataclass(frozen=True)
class Ask:
    """How a channel takes its place: what to do when full, a manager's reason to take a
    full window anyway, and who asks (an operator's hold becomes the booking)."""

    when_full: str = MARK
    override: str = ""
    actor: Any = None


def reserve(*, address: str, day: date | None, window_start: datetime | None,
            window_end: datetime | None, order_id: int | None = None, holder=None) -> Place:
    plugged = LEDGER.get("reserve")
    if plugged is None or day is None:
        return UNLIMITED
    return plugged(address=address, day=day, window_start=window_start, window_end=window_end,
                   order_id=order_id, holder=holder)


def refused(place: Place, ask: Ask) -> bool:
    """Whether this channel refuses the window: full, refusing, and no manager overrode it
    (an override reason from anyone else counts for nothing)."""
    if not place.full or ask.when_full != REFUSE:
        return False
    return not (ask.override.strip() and may_override(ask.actor))


def may_override(user) -> bool:
    """Only a manager (or an admin) takes a full window anyway."""
    return user is not None and roles.has_role(user, roles.MANAGER, roles.ADMIN)


def record(order: Order, place: Place, ask: Ask, *, fresh: bool = False) -> None:
    """The order's ledger row for `place` (only once `refused` said no)."""
    plugged = LEDGER.get("record")
    if plugged is not None:
        override = ask.override.strip() if place.full and not marks_over(place, ask) else ""
        plugged(order=order, place=place, override=override, actor=ask.actor, fresh=fresh)


def give_back(order: Order) -> None:
    plugged = LEDGER.get("give_back")
    if plugged is not None:
        plugged(order_id=order.pk)


def take(order: Order, ask: Ask) -> bool:
    """Reserve and record the order's place in its current window (an edit, a partner's change,
    sending again): WindowFull when this channel refuses a full one. True when the order took a
    full window without a manager's override, so the caller marks it over capacity."""
    place = reserve(address=order.recipient_address, day=order.delivery_date,
                    window_start=order.window_start, window_end=order.window_end,
                    order_id=order.pk, holder=ask.actor)
    if refused(place, ask):
        raise WindowFull(place.next_free)
    record(order, place, ask)
    return marks_over(place, ask)


def marks_over(place: Place, ask: Ask) -> bool:
    """The order took a full window without a manager's override: a person must look."""
    return place.full and ask.when_full == MARK


def closed_phrase() -> dict:
    """"the window had closed for new orders", for the timeline."""
    return events.phrase("window_closed")


def full_phrase(place: Place) -> dict:
    """"the window was full", with the next free windows, for the timeline."""
    return events.phrase("window_full", windows=[str(window) for window in place.next_free])
