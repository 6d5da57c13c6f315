"""The domain events of core (core.events), with the values they carry.

Who hears each is listed in the apps' `subscribers.py` (and in the README's table)."""

from __future__ import annotations

from dataclasses import dataclass

from . import events


@dataclass(frozen=True, kw_only=True)
class OutboxSent(events.Event):
    """A message left the desk (its outbox row is `sent`). `about` is what it is about
    ("order:<id>", ...), `kind` what it says."""

    message_id: int
    channel: str
    kind: str
    about: str
    recipient: str
