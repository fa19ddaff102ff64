"""Models of the integrations app: each integration keeps its own module."""

from .axema_models import *  # noqa: F403
from .voss_models import *  # noqa: F403
