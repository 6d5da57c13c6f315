"""The suite's own rules can fail: an injected failure that never fires, a skip under
RG_REQUIRE_SERVICES=1 (with and without xdist), Hypothesis derandomized in CI."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import settings

from tests.faults import Faults

ROOT = Path(__file__).resolve().parents[1]


# -- faults ---------------------------------------------------------------------------------


def _target():
    log = []

    def save(value):
        log.append(value)
        return f"saved {value}"

    return SimpleNamespace(save=save, log=log)


def test_a_fault_that_fires_passes_and_the_other_calls_reach_the_real_function(monkeypatch):
    target, faults = _target(), Faults(monkeypatch)
    fault = faults.inject(target, "save", raises=RuntimeError("disk on fire"),
                          when=lambda call: call.args == (2,))
    assert target.save(1) == "saved 1"
    with pytest.raises(RuntimeError, match="disk on fire"):
        target.save(2)
    assert target.save(3) == "saved 3"
    assert target.log == [1, 3] and (fault.calls, fault.fired) == (3, 1)
    faults.verify()


def test_a_fault_that_never_fires_fails_the_test(monkeypatch):
    target, faults = _target(), Faults(monkeypatch)
    faults.inject(target, "save", raises=RuntimeError("lost the connection"),
                  when=lambda call: call.number == 2)
    target.save(1)  # the code calls it once only: the injected failure is never reached
    with pytest.raises(pytest.fail.Exception, match=r"never fired.*save \(called 1 time"):
        faults.verify()


def test_a_fault_in_a_function_nobody_calls_fails_the_test(monkeypatch):
    target, faults = _target(), Faults(monkeypatch)
    faults.inject(target, "save", raises=RuntimeError("lost the connection"))
    with pytest.raises(pytest.fail.Exception, match=r"called 0 time"):
        faults.verify()


def test_after_runs_the_real_call_first(monkeypatch):
    target, faults = _target(), Faults(monkeypatch)
    seen = []
    faults.inject(target, "save", after=lambda: seen.append(list(target.log)))
    assert target.save(7) == "saved 7"
    assert seen == [[7]]
    faults.verify()


def test_a_fault_needs_exactly_one_kind_and_a_real_name(monkeypatch):
    target, faults = _target(), Faults(monkeypatch)
    with pytest.raises(TypeError):
        faults.inject(target, "save")
    with pytest.raises(TypeError):
        faults.inject(target, "save", raises=RuntimeError(), after=print)
    with pytest.raises(AttributeError):
        faults.inject(target, "bulk_update", raises=RuntimeError())


# -- nothing skips under RG_REQUIRE_SERVICES=1 -------------------------------------------------

SKIPPING = {
    "test_some": """
        import pytest

        def test_passes():
            pass

        def test_needs_dovecot():
            pytest.skip("dovecot is not installed")

        @pytest.mark.xfail(reason="a known bug", strict=True)
        def test_known_bug():
            assert False
    """,
    "test_module_skip": """
        import pytest

        pytest.importorskip("no_such_module_anywhere")

        def test_never_collected():
            pass
    """,
}


@pytest.fixture
def inner(pytester, monkeypatch):
    """pytest in a subprocess with only xdist and this suite's rules loaded (fast to start)."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.delenv("CI", raising=False)

    def run(*args):
        return pytester.runpytest_subprocess("-p", "xdist.plugin", "-p", "tests.suite_rules",
                                             "-p", "no:cacheprovider", *args)

    return run


@pytest.fixture
def run_inner(pytester, inner):
    pytester.makepyfile(**SKIPPING)
    return inner


@pytest.mark.parametrize("workers", [["-n", "0"], ["-n", "2"]], ids=["one process", "xdist"])
def test_any_skip_fails_the_run_when_services_are_required(run_inner, monkeypatch, workers):
    monkeypatch.setenv("RG_REQUIRE_SERVICES", "1")
    result = run_inner(*workers)
    result.assert_outcomes(passed=1, skipped=2, xfailed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines([
        "*RG_REQUIRE_SERVICES=1: nothing may skip*",
        "*test_some.py::test_needs_dovecot: *dovecot is not installed*",
        "2 skipped: the run fails.",
    ])
    result.stdout.fnmatch_lines(["*test_module_skip.py: *no_such_module_anywhere*"])
    assert "test_known_bug:" not in result.stdout.str()  # an xfail is not a skip


def test_skips_are_allowed_on_a_laptop(run_inner, monkeypatch):
    monkeypatch.delenv("RG_REQUIRE_SERVICES", raising=False)
    result = run_inner("-n", "0")
    result.assert_outcomes(passed=1, skipped=2, xfailed=1)
    assert result.ret == pytest.ExitCode.OK
    assert "nothing may skip" not in result.stdout.str()


# -- Hypothesis in CI -------------------------------------------------------------------------


def test_the_ci_profile_is_derandomized_and_bounded():
    profile = settings.get_profile("ci")
    assert profile.derandomize and profile.database is None and profile.deadline is None
    assert profile.max_examples <= 100


def test_ci_loads_the_ci_profile(pytester, inner, monkeypatch):
    pytester.makepyfile(test_profile="""
        from hypothesis import settings

        def test_profile():
            assert settings.default.derandomize
            assert settings.default.max_examples == 100
    """)
    monkeypatch.setenv("RG_REQUIRE_SERVICES", "1")
    result = inner("-n", "0")
    result.assert_outcomes(passed=1)


# -- the clock moved a year ahead (RG_TEST_CLOCK_SHIFT_DAYS) ------------------------------------


@pytest.mark.parametrize("workers", [["-n", "0"], ["-n", "2"]], ids=["one process", "xdist"])
def test_the_session_runs_with_the_clock_moved_and_a_frozen_test_keeps_its_own(
        pytester, inner, monkeypatch, workers):
    """Dates made at import (collection) are moved too; a test's own travel still wins."""
    import time

    from time_machine import escape_hatch

    # The real clock, also when this session itself runs moved.
    real = escape_hatch.time.time() if escape_hatch.is_travelling() else time.time()
    pytester.makepyfile(test_clock=f"""
        import datetime as dt
        import time_machine

        REAL = dt.date.fromtimestamp({real})
        AT_IMPORT = dt.date.today()

        def test_moved():
            assert AT_IMPORT >= REAL + dt.timedelta(days=400)
            assert dt.date.today() >= REAL + dt.timedelta(days=400)

        def test_frozen():
            with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.timezone.utc),
                                     tick=False):
                assert dt.date.today() == dt.date(2026, 3, 1)
            assert dt.date.today() >= REAL + dt.timedelta(days=400)
    """)
    monkeypatch.setenv("RG_TEST_CLOCK_SHIFT_DAYS", "400")
    result = inner(*workers)
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*clock moved +400 days (RG_TEST_CLOCK_SHIFT_DAYS)*"])


def test_a_clock_shift_that_is_not_a_number_stops_the_run(pytester, inner, monkeypatch):
    pytester.makepyfile(test_nothing="def test_nothing():\n    pass\n")
    monkeypatch.setenv("RG_TEST_CLOCK_SHIFT_DAYS", "a year")
    result = inner("-n", "0")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*RG_TEST_CLOCK_SHIFT_DAYS='a year' is not a whole number*"])
