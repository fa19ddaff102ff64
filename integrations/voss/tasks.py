"""Celery tasks of the VOSS integration. Both take ids (or nothing) and are safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from bokamera.tasks import enqueue

from .selectors import voss_usage_due_ids
from .services import voss_usage_submit

__all__ = ["resend_pending_voss_usage", "submit_voss_usage"]


@shared_task(name="integrations.voss.submit_usage", ignore_result=True)
def submit_voss_usage(usage_id: str) -> str | None:
    """Sends one usage to VOSS (Pending -> Sent/Failed). Long retries are the sweep's job: a
    failed send leaves the row Pending with a later next_attempt_at."""
    usage = voss_usage_submit(usage_id=usage_id)
    return usage.status if usage is not None else None


@shared_task(name="integrations.voss.resend_pending", ignore_result=True)
def resend_pending_voss_usage(limit: int = 500) -> int:
    """Beat: re-enqueues usage left Pending too long (lost task, broker outage, failed send)."""
    ids = voss_usage_due_ids(now=timezone.now(), limit=limit)
    for usage_id in ids:
        enqueue(submit_voss_usage, str(usage_id))
    return len(ids)
