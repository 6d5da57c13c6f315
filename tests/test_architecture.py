"""The floors of the house (README "How it fits together"), held by import-linter.

`make test` fails when a lower floor imports a higher one; the contracts are in pyproject.toml."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "catalog", "orders", "delivery", "channels_intake", "notices", "customers", "inquiries",
        "desk", "rg_orders", "tests")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("lint-imports")
    command = str(script) if script.exists() else shutil.which("lint-imports")
    assert command, "import-linter is not installed (pip install -e '.[test]')"
    return subprocess.run([command, "--no-cache"], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


def test_no_floor_imports_a_higher_one():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_contracts_catch_a_lower_floor_importing_a_higher_one(tmp_path):
    """The same contracts on a skeleton of the apps in which core imports desk and customers reaches
    into a submodule of orders.services: they break."""
    for app in APPS:
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    (tmp_path / "core" / "probe.py").write_text("import desk\n")
    (tmp_path / "orders" / "probe.py").write_text("import delivery\n")
    (tmp_path / "orders" / "services").mkdir()
    (tmp_path / "orders" / "services" / "__init__.py").write_text("from .editing import order_edit\n")
    (tmp_path / "orders" / "services" / "editing.py").write_text("def order_edit(): ...\n")
    (tmp_path / "delivery" / "probe.py").write_text("from orders.services import order_edit\n")
    (tmp_path / "customers" / "probe.py").write_text("from orders.services.editing import order_edit\n")
    config = (ROOT / "pyproject.toml").read_text()
    # The skeleton has none of the imports the real contracts ignore: do not alert on those.
    config = config.replace('type = "layers"', 'type = "layers"\nunmatched_ignore_imports_alerting = "none"')
    (tmp_path / "pyproject.toml").write_text(config)
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "core is not allowed to import desk" in result.stdout
    assert "orders is not allowed to import delivery" in result.stdout
    # Another app calls orders through orders.services, never a submodule of it.
    assert "customers is not allowed to import orders.services.editing" in result.stdout
    assert "delivery is not allowed" not in result.stdout
