"""Axema settings with their defaults (override any of them in Django settings or the environment)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "AXEMA_PAGE_SIZE": 1000,  # persons per Vaka page = customers written per batch
    "AXEMA_HTTP_TIMEOUT": 30.0,  # seconds per request
    "AXEMA_HTTP_ATTEMPTS": 3,  # tries per page (network errors, timeouts, 5xx, 429)
    "AXEMA_HTTP_BACKOFF": 1.0,  # seconds before the second try; doubles each time
    "AXEMA_HEARTBEAT_TIMEOUT_MINUTES": 15,  # a Processing job silent this long is failed by the reaper
    "AXEMA_PENDING_RESEND_SECONDS": 120,  # a Pending job this old is sent to the broker again
    "AXEMA_PENDING_TIMEOUT_MINUTES": 60,  # ... and failed when it still has not started after this
    "AXEMA_NIGHTLY_HOUR": 2,  # UTC hour of the nightly sync
    "AXEMA_QUERY_LIMIT": 100,  # QueryAxemaUserSyncJobs answers the most recent jobs only
}


def get(name: str) -> Any:
    default = DEFAULTS[name]
    if hasattr(settings, name):
        return getattr(settings, name)
    raw = os.environ.get(name)
    if raw is None:
        return default
    return type(default)(raw)
