"""Start-up wiring: every app's `subscribers.py` (its `SUBSCRIPTIONS` to events and its `HOOKS`
into lower floors' extension points) installed once, from CoreConfig.ready, like the admin's
autodiscovery. The modules are found by name, so core imports no app."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import module_has_submodule

from . import events

MODULE = "subscribers"


def app_subscribers() -> dict[str, ModuleType]:
    """{app label: its subscribers module}, for every installed app that has one."""
    found = {}
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, MODULE):
            found[config.label] = import_module(f"{config.name}.{MODULE}")
    return found


def wire() -> None:
    for module in app_subscribers().values():
        for subscription in getattr(module, "SUBSCRIPTIONS", ()):
            events.subscribe(subscription)
        for plug in getattr(module, "HOOKS", ()):
            plug.hook.install(plug)
