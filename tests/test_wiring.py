"""The house's side effects, as README "Side effects you can follow" promises: every domain
event is a typed class in its publisher's `domain_events.py`, heard by at least one app outside
the tests, never by the app that publishes it; what an app hears and plugs into lower floors is
in its own `subscribers.py` and nowhere else; the README's table lists every event."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from django.apps import apps

from core import events, wiring

ROOT = Path(__file__).resolve().parent.parent


def _event_classes() -> dict[type[events.Event], str]:
    """{event class: the app that declares (and publishes) it}."""
    found = {}
    for config in apps.get_app_configs():
        if not (Path(config.path) / "domain_events.py").exists():
            continue
        module = importlib.import_module(f"{config.name}.domain_events")
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, events.Event)
                    and value is not events.Event and value.__module__ == module.__name__):
                found[value] = config.label
    return found


def _heard() -> dict[type[events.Event], set[str]]:
    """{event class: the apps whose subscribers.py hear it}."""
    heard: dict[type[events.Event], set[str]] = {}
    for label, module in wiring.app_subscribers().items():
        for subscription in getattr(module, "SUBSCRIPTIONS", ()):
            heard.setdefault(subscription.event, set()).add(label)
    return heard


def test_every_event_is_heard_outside_the_tests():
    heard = _heard()
    unheard = sorted(kind.__name__ for kind in _event_classes() if not heard.get(kind))
    assert unheard == []


def test_no_app_hears_itself():
    heard = _heard()
    itself = sorted(f"{app} hears its own {kind.__name__}"
                    for kind, app in _event_classes().items() if app in heard.get(kind, ()))
    assert itself == []


def test_every_subscription_is_installed():
    for module in wiring.app_subscribers().values():
        for subscription in getattr(module, "SUBSCRIPTIONS", ()):
            assert subscription.handler in events.subscribers(subscription.event)
        for plug in getattr(module, "HOOKS", ()):
            assert plug.hook[plug.key] is plug.value


def _calls(path: Path, names: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [f"{path.relative_to(ROOT)}:{node.lineno} {node.func.attr}()"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in names]


def test_apps_subscribe_and_plug_only_in_their_subscribers_py():
    """A subscription or a plug anywhere else is a side effect a reader cannot find."""
    allowed = {ROOT / "core" / "wiring.py", ROOT / "core" / "events.py", ROOT / "core" / "hooks.py"}
    stray = []
    for config in apps.get_app_configs():
        path = Path(config.path)
        if ROOT not in path.parents:
            continue  # Django's and the libraries' apps
        for source in path.rglob("*.py"):
            if "tests" in source.parts or source.name == "subscribers.py" or source in allowed:
                continue
            stray += _calls(source, {"subscribe", "install", "plug"})
    assert stray == []


def test_the_readme_lists_every_event():
    readme = (ROOT / "README.md").read_text()
    missing = sorted(kind.__name__ for kind in _event_classes() if f"`{kind.__name__}`" not in readme)
    assert missing == []
