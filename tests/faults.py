"""Injected failures that must fire.

A test that patches a failure into a function the code no longer calls still passes, and
then proves nothing (issue 10: the batch test patched `bulk_update` long after the code
stopped calling it). `Faults` patches through pytest's monkeypatch and remembers each fault;
`verify()` (run by the `faults` fixture when the test ends) fails the test, naming the
target, for every fault that never fired.

    def test_a_lost_connection_is_retried(faults):
        faults.inject(inbound, "_save_states", raises=RuntimeError("lost the connection"),
                      when=lambda call: call.number == 1)
        ...

`raises` raises instead of the real call; `after` runs the real call, then the given
function (a server that dies once a batch is committed). `when` picks the calls that fail
(every call by default); the others go to the real function untouched."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest


@dataclass(frozen=True)
class Call:
    """One call of a patched function: `number` counts from 1."""

    number: int
    args: tuple
    kwargs: dict


@dataclass
class Fault:
    where: str
    raises: BaseException | None
    after: Callable[[], Any] | None
    when: Callable[[Call], bool] | None
    calls: int = 0
    fired: int = 0
    original: Callable = field(default=None, repr=False)

    def __call__(self, *args, **kwargs):
        self.calls += 1
        call = Call(self.calls, args, kwargs)
        hit = self.when is None or self.when(call)
        if hit and self.raises is not None:
            self.fired += 1
            raise self.raises
        result = self.original(*args, **kwargs)
        if hit:
            self.fired += 1
            self.after()
        return result


class Faults:
    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self._monkeypatch = monkeypatch
        self._faults: list[Fault] = []

    def inject(self, target: Any, name: str, *, raises: BaseException | None = None,
               after: Callable[[], Any] | None = None,
               when: Callable[[Call], bool] | None = None) -> Fault:
        """Replace `target.name` (a module's function, an object's method) by a failing one."""
        if (raises is None) == (after is None):
            raise TypeError("give exactly one of raises= or after=")
        original = getattr(target, name)  # AttributeError: nothing by that name to fail
        owner = getattr(target, "__name__", None) or str(target)[:80]
        fault = Fault(where=f"{owner}.{name}", raises=raises, after=after, when=when,
                      original=original)

        @functools.wraps(original)
        def patched(*args, **kwargs):
            return fault(*args, **kwargs)

        self._monkeypatch.setattr(target, name, patched)
        self._faults.append(fault)
        return fault

    def verify(self) -> None:
        silent = [fault for fault in self._faults if not fault.fired]
        if silent:
            pytest.fail("injected failure never fired (the code no longer takes that path, "
                        "so the test proves nothing): "
                        + "; ".join(f"{fault.where} (called {fault.calls} time(s))"
                                    for fault in silent), pytrace=False)
