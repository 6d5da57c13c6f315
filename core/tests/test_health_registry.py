"""/healthz sections come from the apps (plugged into core.health.SECTIONS in their
subscribers.py), never from core importing them."""

import pytest

from core import health

pytestmark = pytest.mark.django_db


def test_the_apps_plug_their_sections_in():
    assert {"outbox", "sources", "carriers"} <= {name for name, _check in health.SECTIONS.items()}


def test_a_plugged_section_is_reported_and_a_failing_one_does_not_break_the_report():
    def broken():
        raise RuntimeError("mailbox gone")

    for plug in (health.SECTIONS.plug("fine", lambda: {"ok": True, "n": 1}),
                 health.SECTIONS.plug("broken", broken)):
        health.SECTIONS.install(plug)
    try:
        healthy, checks = health.report()
    finally:
        health.SECTIONS.remove("fine")
        health.SECTIONS.remove("broken")
    assert checks["fine"] == {"ok": True, "n": 1}
    assert checks["broken"] == {"ok": False, "error": "RuntimeError: mailbox gone"}
    assert healthy is (checks["database"]["ok"] and checks["broker"]["ok"])
