"""Calls started at the same moment, each in its own thread and database connection (PostgreSQL tests)."""

import threading

from django.db import connection


def run_in_parallel(calls: list) -> list:
    """Start every call at once (one thread and one connection each); return their responses."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return results
