"""Axema Vaka Celery tasks: run a sync job, reap dead jobs, start the nightly syncs."""

from __future__ import annotations

from celery import shared_task

from . import services

__all__ = ["axema_nightly_sync_task", "axema_reap_task", "axema_user_sync_run_task"]


@shared_task(name="integrations.axema.user_sync_run", acks_late=True, ignore_result=True)
def axema_user_sync_run_task(job_id: str) -> str | None:
    """Idempotent: a job that is no longer Pending (already run, running, reaped) is left alone."""
    job = services.axema_user_sync_run(job_id=job_id)
    return job.get_status_display() if job else None


@shared_task(name="integrations.axema.reap", ignore_result=True)
def axema_reap_task() -> dict[str, int]:
    return services.axema_user_sync_reap()


@shared_task(name="integrations.axema.nightly_sync", ignore_result=True)
def axema_nightly_sync_task() -> list[str]:
    return [str(job_id) for job_id in services.axema_nightly_syncs_start()]
