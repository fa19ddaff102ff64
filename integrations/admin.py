"""Admin of every integration: each registers its own models."""

from .axema import admin as _axema_admin  # noqa: F401
from .voss import admin as _voss_admin  # noqa: F401
