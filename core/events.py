"""Domain events: how a lower floor causes something on a higher one without importing it.

A service publishes an event by name with plain keyword data (ids and strings, never model
instances that may be stale). Apps on higher floors subscribe in their ``AppConfig.ready``.

Two kinds of subscriber:

- ``on_commit`` (the default): called once the publishing transaction has committed, so
  nothing is done for a change that rolled back. A failing subscriber is logged and does
  not stop the others. Use it to kick a task, refresh a cache, wake a board.
- ``in_transaction=True``: called at once, inside the publisher's transaction. Use it only
  to write rows that must commit or roll back with the change itself: the outbox rows of
  messages that will leave the desk. Its errors roll the change back.

Saleor's plugin manager is the shape: one dispatcher, subscribers that never import each
other, publishers that never know who listens.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

Subscriber = Callable[..., Any]

_in_transaction: dict[str, list[Subscriber]] = defaultdict(list)
_on_commit: dict[str, list[Subscriber]] = defaultdict(list)


def subscribe(name: str, handler: Subscriber, *, in_transaction: bool = False) -> None:
    """Register `handler(**data)` for the event `name`; registering it twice is harmless."""
    registry = _in_transaction if in_transaction else _on_commit
    if handler not in registry[name]:
        registry[name].append(handler)


def unsubscribe(name: str, handler: Subscriber) -> None:
    """Forget `handler` for `name` (both kinds); for tests that listen for a while."""
    for registry in (_in_transaction, _on_commit):
        if handler in registry.get(name, ()):
            registry[name].remove(handler)


def publish(name: str, **data: Any) -> None:
    """Tell every subscriber of `name`: the in-transaction ones now, the rest after commit."""
    for handler in list(_in_transaction.get(name, ())):
        handler(**data)
    handlers = list(_on_commit.get(name, ()))
    if handlers:
        transaction.on_commit(lambda: _dispatch(name, handlers, data))


def _dispatch(name: str, handlers: list[Subscriber], data: dict[str, Any]) -> None:
    for handler in handlers:
        try:
            handler(**data)
        except Exception:  # one broken subscriber must not silence the others
            logger.exception("subscriber %r of event %s failed", handler, name)


def subscribers(name: str) -> list[Subscriber]:
    """Who listens to `name` (both kinds): for tests and the admin's curiosity."""
    return [*_in_transaction.get(name, ()), *_on_commit.get(name, ())]
