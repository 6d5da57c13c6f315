"""Ctrl-C under `make run` stops every process by itself: honcho sends SIGTERM and, five seconds
later, SIGKILL to whatever still runs. The worker on the file-system broker used to need that
SIGKILL (its idle wait ran on for seconds after a stop was asked for)."""

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from celery.worker import state
from django.conf import settings
from kombu import Connection, Exchange, Queue
from kombu.transport import filesystem

from core.tests.test_processes import _env, _free_port, _manage
from rg_orders.dev_broker import Transport

ROOT = Path(settings.BASE_DIR)


def _connection(tmp_path, transport):
    folder = tmp_path / "queue"
    folder.mkdir(exist_ok=True)
    return Connection(transport=transport, transport_options={
        "data_folder_in": str(folder), "data_folder_out": str(folder),
        "control_folder": str(tmp_path), "store_processed": False, "polling_interval": 0.05})


def _drain_forever(connection) -> list:
    """Wait for a message with no timeout, in a thread; what it raised, or [] if it still waits."""
    outcome = []

    def wait():
        try:
            connection.drain_events(timeout=None)
            outcome.append("delivered")
        except TimeoutError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=wait, daemon=True)
    thread.start()
    thread.join(timeout=30)  # a guard against a hang, not a measure: it returns at once or never
    return outcome


@pytest.mark.parametrize("flag", ["should_stop", "should_terminate"])
def test_the_dev_broker_stops_waiting_once_a_shutdown_is_asked(tmp_path, monkeypatch, flag):
    monkeypatch.setattr(state, flag, 0)  # what celery's TERM/INT/QUIT handlers set (exit code 0)
    with _connection(tmp_path, Transport) as connection:
        name = f"stop-{flag}"  # kombu's virtual transports share their bindings in a process
        queue = Queue(name, Exchange(name), name, channel=connection.default_channel)
        queue.declare()
        queue.consume(callback=lambda *args: None)
        outcome = _drain_forever(connection)
    assert outcome and isinstance(outcome[0], socket.timeout)


def test_the_dev_broker_still_delivers_while_running(tmp_path):
    received = []
    with _connection(tmp_path, Transport) as connection:
        exchange = Exchange("deliver", type="direct")
        queue = Queue("deliver", exchange, "deliver")
        connection.Producer().publish({"n": 1}, exchange=exchange, routing_key="deliver",
                                      declare=[queue])
        with connection.Consumer(queue, callbacks=[lambda body, msg: (received.append(body),
                                                                      msg.ack())]):
            assert _drain_forever(connection) == ["delivered"]
    assert received == [{"n": 1}]


def test_the_dev_settings_use_it_for_the_file_system_broker_only():
    assert issubclass(Transport, filesystem.Transport)
    done = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; "
         "print(getattr(settings, 'CELERY_BROKER_TRANSPORT', None))"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "rg_orders.settings.dev",
             "CELERY_BROKER_URL": "filesystem://"})
    assert done.stdout.strip() == "rg_orders.dev_broker:Transport", done.stderr[-2000:]


def test_ctrl_c_under_make_run_stops_every_process_without_sigkill(tmp_path):
    """The processes of Procfile.dev under honcho, as `make run` starts them; then Ctrl-C."""
    env = _env(tmp_path, RG_PORT=str(_free_port()),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "createcachetable")
    honcho = subprocess.Popen([sys.executable, "-m", "honcho", "-f", "Procfile.dev", "start"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    lines, ready = [], threading.Event()

    def read():
        for line in honcho.stdout:
            lines.append(line)
            text = "".join(lines)
            # the worker is up, and beat has sent its first due task and the worker has it (beat
            # imports celery's events module lazily on its first send: a Ctrl-C inside that
            # import becomes a RuntimeError that beat logs and survives, which is not this test)
            if "ready." in text and "Sending due task" in text and "] received" in text:
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(timeout=120), "".join(lines)[-3000:]
        assert honcho.poll() is None, "".join(lines)[-3000:]
        honcho.send_signal(signal.SIGINT)  # what the terminal sends on Ctrl-C
        honcho.wait(timeout=60)
    finally:
        if honcho.poll() is None:
            honcho.kill()
    reader.join(timeout=10)
    output = "".join(lines)
    assert "SIGKILL" not in output, output[-3000:]
    assert "worker.1 stopped (rc=0)" in output and "beat.1 stopped (rc=0)" in output, output[-3000:]
