"""Pointing this process's Celery app at another broker, or running its tasks in-process, for a
test's duration (the app was configured from Django settings with the CELERY namespace)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from kombu import pools as kombu_pools

from bokamera.celery import app as celery_app

BROKER_KEYS = ("CELERY_BROKER_URL", "broker_url", "broker_write_url", "broker_read_url")


def _reset_pools() -> None:
    """Drops the app's connection and producer pools and kombu's process-wide registries of them:
    closing a pool leaves it closed in kombu's registry, and the next publish to the same URL
    would fail with "Acquire on closed pool"."""
    pool = celery_app._pool
    if pool is not None:
        with contextlib.suppress(Exception):
            pool.force_close_all()
    celery_app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        celery_app.__dict__["amqp"]._producer_pool = None
    kombu_pools.reset()


@contextlib.contextmanager
def use_broker(url: str) -> Iterator[None]:
    """Tasks are really sent to `url` (not run eagerly); every spelling of the key is set, since
    the namespaced `CELERY_BROKER_URL` wins over `broker_url`."""
    conf = celery_app.conf
    saved = {key: conf.get(key) for key in (*BROKER_KEYS, "task_always_eager")}
    _reset_pools()
    conf.update({key: url for key in BROKER_KEYS}, task_always_eager=False)
    if celery_app.connection_for_write().as_uri(include_password=True) != url:
        raise RuntimeError(f"the Celery app did not switch to {url}")
    try:
        yield
    finally:
        _reset_pools()
        conf.update(saved)


@contextlib.contextmanager
def eager_tasks() -> Iterator[None]:
    """Tasks run in-process, even when CELERY_BROKER_URL is set."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = saved
