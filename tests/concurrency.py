"""`at_once`: the same work started in several threads at the same moment, each thread on its
own database connection, for the tests that race real transactions against each other."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def at_once(count: int, work: Callable[[], Any]) -> list:
    """`work()` in `count` threads released together by a barrier; what each returned (in
    the order they finished). Each thread closes the connection it opened."""
    results, barrier = [], threading.Barrier(count)

    def run():
        try:
            barrier.wait()
            results.append(work())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
