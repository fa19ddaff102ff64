"""Axema beat entries (merged into integrations/schedule.py)."""

from celery.schedules import crontab

from . import conf

AXEMA_BEAT: dict = {
    "axema-reap-user-syncs": {"task": "integrations.axema.reap", "schedule": 60.0},
    "axema-nightly-user-sync": {
        "task": "integrations.axema.nightly_sync",
        "schedule": crontab(hour=conf.get("AXEMA_NIGHTLY_HOUR"), minute=0),
    },
}
