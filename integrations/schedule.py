"""Periodic tasks of every integration (read by bokamera/celery.py)."""

from .axema.schedule import AXEMA_BEAT
from .voss.schedule import VOSS_BEAT

BEAT_SCHEDULE = {**VOSS_BEAT, **AXEMA_BEAT}
