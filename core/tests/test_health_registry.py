"""/healthz sections come from the apps (core.health.register), never from core importing them."""

import pytest

from core import health

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(monkeypatch):
    monkeypatch.setattr(health, "_sections", dict(health._sections))
    return health._sections


def test_the_intake_registers_its_sources_section():
    assert "sources" in health._sections


def test_a_registered_section_is_reported_and_a_failing_one_does_not_break_the_report(sections):
    def broken():
        raise RuntimeError("mailbox gone")

    health.register("fine", lambda: {"ok": True, "n": 1})
    health.register("broken", broken)
    healthy, checks = health.report()
    assert checks["fine"] == {"ok": True, "n": 1}
    assert checks["broken"] == {"ok": False, "error": "RuntimeError: mailbox gone"}
    assert healthy is (checks["database"]["ok"] and checks["broker"]["ok"])
