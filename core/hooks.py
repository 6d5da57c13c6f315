"""Hooks: the extension points that are not events. A lower floor declares a `Hook` where it
needs something only a higher floor has (core sends the outbox's webhooks with channels_intake's
sender; the order timeline names delivery's attempt outcomes); the higher floor plugs into it in
its own `subscribers.py`, in its `HOOKS` list, beside the events it hears. `core.wiring` installs
both lists at start-up: the one place where an app reaches down into another's extension points.

An event says "this happened" and may have many listeners; a hook answers a question ("who sends
a webhook?", "what is the label of this code?") with the one value plugged in for a key.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class Hook(Generic[V]):
    """A named registry of values by key, filled only through `Plug`s in `subscribers.py`."""

    def __init__(self, name: str, doc: str = "", *, initial: dict[Any, V] | None = None):
        """`initial`: the declaring module's own values (e.g. the timeline's own phrases)."""
        self.name, self.__doc__ = name, doc or name
        self._values: dict[Any, V] = dict(initial or {})

    def __repr__(self) -> str:
        return f"<Hook {self.name}>"

    def plug(self, key: Any, value: V) -> Plug:
        """A line of a `HOOKS` list: `outbox.SENDERS.plug("webhook", webhook_send)`."""
        return Plug(self, key, value)

    def get(self, key: Any, default: V | None = None) -> V | None:
        return self._values.get(key, default)

    def __getitem__(self, key: Any) -> V:
        return self._values[key]

    def __contains__(self, key: Any) -> bool:
        return key in self._values

    def items(self) -> Iterator[tuple[Any, V]]:
        return iter(list(self._values.items()))

    def install(self, plug: Plug) -> None:
        self._values[plug.key] = plug.value

    def remove(self, key: Any) -> None:
        """For tests that plug something in for a while."""
        self._values.pop(key, None)


@dataclasses.dataclass(frozen=True)
class Plug:
    hook: Hook
    key: Any
    value: Any
