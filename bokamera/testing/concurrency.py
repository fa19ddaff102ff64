"""Helpers for tests about concurrency and real workers: run a callable in several threads at
once, wait for a condition, run a real Celery worker in this process."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator

from django.db import connection

from bokamera.celery import app as celery_app


def run_in_threads(target: Callable[[], object], count: int, timeout: float = 30.0) -> None:
    """Starts `count` threads that call `target` together (a barrier) and re-raises the first error."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout)
            target()
        except Exception as exc:  # noqa: BLE001 - re-raised in the calling thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    if errors:
        raise errors[0]


def wait_for(predicate: Callable[[], bool], timeout: float = 15.0, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


@contextlib.contextmanager
def live_worker(pool: str = "threads", concurrency: int = 2) -> Iterator[None]:
    """A real Celery worker in this process, consuming from the configured broker (tasks are sent,
    not run eagerly, for the duration). Tests using it need django_db(transaction=True)."""
    from celery.contrib.testing.worker import start_worker

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, perform_ping_check=False, pool=pool, concurrency=concurrency):
            yield
    finally:
        celery_app.conf.task_always_eager = previous
