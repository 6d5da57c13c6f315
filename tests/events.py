"""Listening to domain events for a while, in tests: `with heard(OrderChanged) as got: ...`
collects every event of those classes published meanwhile (inside the publisher's transaction
by default, so nothing waits on a commit)."""

from __future__ import annotations

from contextlib import contextmanager

from core import events


@contextmanager
def heard(*kinds: type[events.Event], in_transaction: bool = True):
    got: list[events.Event] = []
    subscriptions = [events.on(kind, got.append, in_transaction=in_transaction)
                     for kind in kinds]
    for subscription in subscriptions:
        events.subscribe(subscription)
    try:
        yield got
    finally:
        for subscription in subscriptions:
            events.unsubscribe(subscription)
