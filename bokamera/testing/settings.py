"""Settings of subprocesses started by tests and benchmarks: the project's settings, plus the
overrides in BOKAMERA_SETTINGS_OVERRIDES (a JSON object), e.g. short timeouts or leases that the
project reads from Django settings but not from the environment. The key DATABASE_OPTIONS is
merged into DATABASES["default"] ({"CONN_MAX_AGE": 0, "OPTIONS": {"connect_timeout": 2}})."""

import json
import os

from bokamera.settings import *  # noqa: F403
from bokamera.settings import DATABASES

_overrides = json.loads(os.environ.get("BOKAMERA_SETTINGS_OVERRIDES") or "{}")
for _key, _value in _overrides.pop("DATABASE_OPTIONS", {}).items():
    if isinstance(_value, dict):
        DATABASES["default"].setdefault(_key, {}).update(_value)
    else:
        DATABASES["default"][_key] = _value
globals().update(_overrides)
