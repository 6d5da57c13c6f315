"""Domain events: how a lower floor causes something on a higher one without importing it.

An event is a small frozen dataclass, a subclass of `Event`, declared by the app that
publishes it in its `domain_events.py`, with the plain values it carries (ids and strings,
never model instances that may be stale). A service publishes one with
`events.publish(OrderStatusChanged(...))`.

An app hears events only in its own `subscribers.py`, whose `SUBSCRIPTIONS` list says what it
hears and which function handles it; `core.wiring` installs every app's list at start-up, so
a newcomer follows any effect by reading one file per app (the README's "Side effects" table
lists them all). Two kinds of subscription:

- after commit (the default): called once the publishing transaction has committed, so
  nothing is done for a change that rolled back. A failing handler is logged and does not
  stop the others. Use it to kick a task, refresh a cache, wake a board.
- `in_transaction=True`: called at once, inside the publisher's transaction. Use it only
  to write rows that must commit or roll back with the change itself: the outbox rows of
  messages that will leave the desk. Its errors roll the change back.

Saleor's plugin manager is the shape: one dispatcher, subscribers that never import each
other, publishers that never know who listens.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Event:
    """The base of every domain event. Subclasses are frozen dataclasses with keyword fields."""


Handler = Callable[[Any], Any]  # handler(event)


@dataclasses.dataclass(frozen=True)
class Subscription:
    """One line of an app's `subscribers.py`: `handler(event)` hears `event` (a class)."""

    event: type[Event]
    handler: Handler
    in_transaction: bool = False


def on(event: type[Event], handler: Handler, *, in_transaction: bool = False) -> Subscription:
    """`SUBSCRIPTIONS = [on(OrderChanged, courier_notice, in_transaction=True), ...]`."""
    return Subscription(event, handler, in_transaction)


_in_transaction: dict[type[Event], list[Handler]] = defaultdict(list)
_on_commit: dict[type[Event], list[Handler]] = defaultdict(list)


def subscribe(subscription: Subscription) -> None:
    """Install one subscription (core.wiring does it for every app); twice is harmless."""
    registry = _in_transaction if subscription.in_transaction else _on_commit
    if subscription.handler not in registry[subscription.event]:
        registry[subscription.event].append(subscription.handler)


def unsubscribe(subscription: Subscription) -> None:
    """Forget a subscription; for tests that listen for a while."""
    registry = _in_transaction if subscription.in_transaction else _on_commit
    if subscription.handler in registry.get(subscription.event, ()):
        registry[subscription.event].remove(subscription.handler)


def publish(event: Event) -> None:
    """Tell every subscriber of the event's class: the in-transaction ones now, the rest after
    commit."""
    kind = type(event)
    for handler in list(_in_transaction.get(kind, ())):
        handler(event)
    handlers = list(_on_commit.get(kind, ()))
    if handlers:
        transaction.on_commit(lambda: _dispatch(event, handlers))


def _dispatch(event: Event, handlers: list[Handler]) -> None:
    for handler in handlers:
        try:
            handler(event)
        except Exception:  # one broken subscriber must not silence the others
            logger.exception("subscriber %r of %s failed", handler, type(event).__name__)


def subscribers(event: type[Event]) -> list[Handler]:
    """Who hears `event` (both kinds): for tests and the admin's curiosity."""
    return [*_in_transaction.get(event, ()), *_on_commit.get(event, ())]
