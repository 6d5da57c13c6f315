"""Time in tests is never a fixed date: a scenario freezes "today" and builds its days from it
(`timezone.localdate() + timedelta(...)`), so the suite is as green next year. This scans every
module of every tests/ folder for `date(...)` / `datetime(...)` called with a literal year.

The ends of the calendar (years 1 and 9999, hostile input) are no scenario date and may stay.
Dates inside strings are not calls: sample data a parser reads, or the clock tooling's own
tests (tests/test_suite_rules.py writes its probe as text)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CALENDAR_ENDS = {1, 9999}


def fixed_dates(source: str) -> list[str]:
    """`line: call` of each date/datetime call whose year is a literal other than the ends."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in ("date", "datetime"):
            continue
        year = node.args[0] if node.args else next(
            (keyword.value for keyword in node.keywords if keyword.arg == "year"), None)
        if (isinstance(year, ast.Constant) and type(year.value) is int
                and year.value not in CALENDAR_ENDS):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def scanned_modules():
    return [path for path in ROOT.rglob("*.py")
            if "tests" in path.relative_to(ROOT).parts and ".venv" not in path.parts]


def test_no_test_builds_its_scenario_on_a_fixed_date():
    offenders = {str(path.relative_to(ROOT)): found for path in scanned_modules()
                 if (found := fixed_dates(path.read_text(encoding="utf-8")))}
    assert not offenders, (
        "fixed dates in tests (build them from timezone.localdate() instead): "
        + "; ".join(f"{path} line {line}" for path, lines in offenders.items() for line in lines))


def test_the_scan_finds_fixed_dates_in_every_spelling():
    source = """
import datetime as dt
from datetime import date, datetime
A = date(2026, 12, 8)
B = dt.datetime(2026, 12, 8, 9)
C = datetime(year=2027, month=1, day=4)
today = date.today()
D = date(today.year, 1, 1)
E = date(1, 1, 1), datetime(9999, 12, 31, 18)
F = "date(2026, 12, 8)"
"""
    assert fixed_dates(source) == ["4: date(2026, 12, 8)", "5: dt.datetime(2026, 12, 8, 9)",
                                   "6: datetime(year=2027, month=1, day=4)"]
