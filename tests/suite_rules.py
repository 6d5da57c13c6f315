"""Rules the whole test suite keeps, loaded by the root conftest (`pytest_plugins`).

- Under `RG_REQUIRE_SERVICES=1` (CI, `.ci/run`) nothing may skip: a run with any skipped
  test (a missing service, a missing file, an `importorskip`) ends with exit status 1 and
  lists them. Skips from xdist workers reach the controller as reports, so `-n 2` counts
  them the same. An expected failure (`xfail`) is not a skip.
- Hypothesis runs the `ci` profile there (and wherever `CI` is set): derandomized, so a
  run is repeatable and a red build can be replayed; at most 100 examples per test unless
  the test says otherwise; no deadline and no too-slow health check, so a busy machine
  cannot turn a run red.
- The `faults` fixture injects failures that must fire (`tests/faults.py`).
- `RG_TEST_CLOCK_SHIFT_DAYS=N` runs the session with the clock N days ahead (time-machine,
  ticking, started before anything is collected), so a test holding a fixed date fails
  today instead of next year; CI runs a slice so (`.ci/run`). Each xdist worker moves its
  own clock. Nothing outside the test process moves: PostgreSQL's now() (the desk never
  asks the database for the time: every timestamp comes from `timezone.now()`) and the
  processes a test starts (a worker, `make run`), whose dates a test takes from
  `machine_now()`."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from hypothesis import HealthCheck, settings

from .faults import Faults

settings.register_profile("ci", derandomize=True, max_examples=100, deadline=None, database=None,
                          print_blob=True, suppress_health_check=[HealthCheck.too_slow])


def _required() -> bool:
    return os.environ.get("RG_REQUIRE_SERVICES") == "1"


if _required() or os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def faults(monkeypatch):
    """`faults.inject(target, "name", raises=...)`; the test fails if a fault never fired."""
    injected = Faults(monkeypatch)
    yield injected
    injected.verify()


class NoSkips:
    """Counts every skip this process sees: its own tests' under `-n 0`, every worker's on
    the xdist controller (the workers' reports are replayed there through these hooks)."""

    def __init__(self):
        self.skipped: list[str] = []

    def _record(self, report: pytest.CollectReport | pytest.TestReport) -> None:
        if report.skipped and not hasattr(report, "wasxfail"):
            longrepr = report.longrepr
            reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
            self.skipped.append(f"{report.nodeid}: {reason}")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self._record(report)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        self._record(report)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.skipped and session.exitstatus in (pytest.ExitCode.OK,
                                                   pytest.ExitCode.NO_TESTS_COLLECTED):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.skipped:
            terminalreporter.section("RG_REQUIRE_SERVICES=1: nothing may skip", red=True)
            for line in self.skipped:
                terminalreporter.line(line)
            terminalreporter.line(f"{len(self.skipped)} skipped: the run fails.", red=True)


def machine_now() -> datetime:
    """The machine's own clock (UTC), which the processes a test starts (a worker, `make run`)
    and PostgreSQL read, also while this session runs moved ahead."""
    if time_machine.escape_hatch.is_travelling():
        return datetime.fromtimestamp(time_machine.escape_hatch.time.time(), tz=UTC)
    return datetime.now(tz=UTC)


def clock_shift_days() -> int:
    value = os.environ.get("RG_TEST_CLOCK_SHIFT_DAYS", "").strip() or "0"
    try:
        return int(value)
    except ValueError:
        raise pytest.UsageError(
            f"RG_TEST_CLOCK_SHIFT_DAYS={value!r} is not a whole number of days") from None


class ClockShift:
    """The whole session N days ahead: tests that freeze their own clock still do (a nested
    travel), everything else reads a ticking clock moved by N days."""

    def __init__(self, days: int):
        self.days = days
        self.traveller = time_machine.travel(timedelta(days=days), tick=True)

    def pytest_report_header(self) -> str:
        return f"clock moved {self.days:+d} days (RG_TEST_CLOCK_SHIFT_DAYS)"

    def pytest_unconfigure(self) -> None:
        self.traveller.stop()


def pytest_configure(config: pytest.Config) -> None:
    # An xdist worker's skips are judged by its controller, which sees them all.
    if _required() and not hasattr(config, "workerinput"):
        config.pluginmanager.register(NoSkips(), "rg-no-skips")
    if days := clock_shift_days():
        shift = ClockShift(days)
        shift.traveller.start()
        config.pluginmanager.register(shift, "rg-clock-shift")
