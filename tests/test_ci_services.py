"""`.ci/services`, CI's wait for PostgreSQL and Redis: a service that is missing or never
answers stops the run with one line saying which, instead of the tests failing by hundreds."""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from conftest import need_service, port_open

SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "services"


def free_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def services(path: str | None = None, **env) -> subprocess.CompletedProcess:
    environment = os.environ | {"SERVICE_WAIT_SECONDS": "2"} | env
    if path is not None:
        environment["PATH"] = path
    return subprocess.run(["/bin/bash", str(SCRIPT)], env=environment, capture_output=True,
                          text=True, timeout=60)


def test_a_postgresql_that_never_answers_stops_the_run_saying_so():
    port = free_port()
    started = time.monotonic()
    result = services(DATABASE_URL=f"postgres://postgres:secret@127.0.0.1:{port}/rg_orders")
    assert result.returncode == 1
    assert result.stderr.strip() == f"CI: PostgreSQL did not answer on 127.0.0.1:{port} within 2 s"
    assert time.monotonic() - started < 30


def test_a_missing_postgresql_stops_the_run_saying_so(tmp_path):
    (tmp_path / "sleep").symlink_to(shutil.which("sleep"))  # and nothing else on the PATH
    result = services(path=str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip() == "CI: PostgreSQL is not installed here (pg_isready not found)"


def test_a_redis_that_never_answers_stops_the_run_saying_so():
    need_service("PostgreSQL", port_open("127.0.0.1", 5432))
    port = free_port()
    result = services(DATABASE_URL="postgres://postgres@127.0.0.1:5432/rg_orders",
                      REDIS_URL=f"redis://127.0.0.1:{port}/15")
    assert result.returncode == 1
    assert result.stdout.strip() == "PostgreSQL answers on 127.0.0.1:5432"
    assert result.stderr.strip() == f"CI: Redis did not answer on 127.0.0.1:{port} within 2 s"
