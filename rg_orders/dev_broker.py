"""The broker of `make run`: kombu's file-system transport, whose idle wait ends as soon as the
worker is asked to stop.

Celery's loop for a transport without an event loop (the solo pool on the file system) waits
for messages two seconds at a time, and on a warm shutdown (Ctrl-C, SIGTERM) it finishes the
wait in progress and then waits once more before it stops. Add the polls and the worker's own
exit and it ran past honcho's five seconds, so honcho sent SIGKILL: a task in progress was lost
mid-way. Here the wait gives up at the next poll once a shutdown has been asked for, and the
worker stops cleanly (the task in progress, if any, finishes first: it runs inside the wait)."""

from __future__ import annotations

import time

from celery.worker import state
from kombu.transport import filesystem


def _stopping() -> bool:
    # Celery sets these to the exit code (0 for a clean stop) when a shutdown is asked for.
    return state.should_stop is not None or state.should_terminate is not None


class Transport(filesystem.Transport):
    def drain_events(self, connection, timeout=None):
        started = time.monotonic()
        while True:
            if _stopping():
                raise TimeoutError()
            try:
                return super().drain_events(connection, timeout=self.polling_interval)
            except TimeoutError:
                if timeout is not None and time.monotonic() - started >= timeout:
                    raise
