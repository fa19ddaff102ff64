"""Helpers to enqueue Celery work after commit without letting a broker outage fail a request."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task: Task, *args: Any, **kwargs: Any) -> bool:
    """Sends now; on a broker error logs and returns False (callers keep a database row that a
    periodic sweep re-sends, so nothing is lost)."""
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except Exception:
        logger.warning("Could not enqueue %s; the periodic sweep will pick it up", task.name, exc_info=True)
        return False
    return True


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))
