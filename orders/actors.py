"""Who acted, as people call them (issue 17): a person by their full name, a courier by name,
the processes that act without a person in the reader's words, never "courier:1", "mailer" or
a login. The timeline, the photos and the parcel's statuses show their actors through this.
Apps above orders say who their people are (PEOPLE: "courier:<id>") and what their systems are
called (SYSTEMS: "tracking") in the HOOKS of their subscribers.py."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext_lazy

from core.hooks import Hook

PEOPLE: Hook[Callable[[set[str]], dict[str, str]]] = Hook(
    "actor people", "a prefix of OrderEvent.system ('courier' in 'courier:<id>') -> names(ids) -> "
    "{id: name}")
SYSTEMS: Hook[Any] = Hook(
    "actor systems", "a process that acts without a person -> what readers call it",
    initial={"mailer": gettext_lazy("E-mail"), "desk": gettext_lazy("The desk")})
# Systems named "<kind><name>" (a mailbox, a feed, a partner): the kind as words.
_NAMED_SYSTEMS = {"e-mail ": gettext_lazy("Mailbox %(name)s"),
                  "feed:": gettext_lazy("Partner feed %(name)s"),
                  "partner:": gettext_lazy("Partner %(name)s")}


def person_name(user) -> str:
    """A person as people call them: the full name, the login only when there is none."""
    return (user.get_full_name() or "").strip() or user.get_username()


def actor_names(acts: Iterable[tuple[Any, str]]) -> list[str]:
    """Who acted, for each (user or None, system): a person's name, a courier's name, or the
    process in the reader's words ("E-mail", "The desk"); one query per kind of id."""
    acts = list(acts)
    wanted: dict[str, set[str]] = {}
    for user, system in acts:
        prefix, _sep, ident = (system or "").partition(":")
        if user is None and prefix in PEOPLE and ident:
            wanted.setdefault(prefix, set()).add(ident)
    known = {prefix: PEOPLE[prefix](ids) for prefix, ids in wanted.items()}
    return [_actor_name(user, system or "", known) for user, system in acts]


def _actor_name(user, system: str, known: dict[str, dict[str, str]]) -> str:
    if user is not None:
        return person_name(user)
    if not system:
        return ""
    prefix, _sep, ident = system.partition(":")
    if prefix in known and ident in known[prefix]:
        return known[prefix][ident]
    if system in SYSTEMS:
        return str(SYSTEMS[system])
    for start, text in _NAMED_SYSTEMS.items():
        if system.startswith(start) and len(system) > len(start):
            return str(text) % {"name": system[len(start):]}
    return system.replace("_", " ")
