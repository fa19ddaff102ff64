"""Celery tasks of the scheduling app: they take ids and are safe to run twice."""

from __future__ import annotations

from celery import shared_task

from bokamera.tasks import enqueue


@shared_task(name="scheduling.send_notification", ignore_result=True)
def send_notification(notification_id: int) -> str:
    from .services import notification_send

    return notification_send(notification_id=notification_id)


@shared_task(name="scheduling.sweep_notifications", ignore_result=True)
def sweep_notifications() -> int:
    """Re-sends outbox rows whose task was lost or whose retry time came."""
    from .services import notifications_due

    due = notifications_due()
    for notification_id in due:
        enqueue(send_notification, notification_id)
    return len(due)
