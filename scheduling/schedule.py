"""Periodic tasks of the scheduling app (picked up by bokamera/celery.py)."""

BEAT_SCHEDULE = {
    "scheduling-sweep-notifications": {"task": "scheduling.sweep_notifications", "schedule": 60.0},
}
