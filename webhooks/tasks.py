"""Celery tasks of the webhooks app: they take ids and are safe to run twice (the claim decides)."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="webhooks.deliver_attempt", ignore_result=True)
def deliver_attempt(attempt_id: int, claimed_at: str | None = None) -> None:
    services.attempt_deliver(attempt_id=attempt_id, claimed_at=claimed_at)


@shared_task(name="webhooks.sweep_attempts", ignore_result=True)
def sweep_attempts() -> int:
    return services.attempts_sweep()
