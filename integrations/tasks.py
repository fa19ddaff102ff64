"""Celery autodiscovers `integrations.tasks`: it re-exports each integration's tasks."""

from .axema.tasks import *  # noqa: F403
from .voss.tasks import *  # noqa: F403
