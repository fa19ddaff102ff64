"""Settings of subprocesses started by tests and benchmarks: the project's settings, plus the
overrides in BOKAMERA_SETTINGS_OVERRIDES (a JSON object), e.g. short timeouts or leases that the
project reads from Django settings but not from the environment."""

import json
import os

from bokamera.settings import *  # noqa: F403

globals().update(json.loads(os.environ.get("BOKAMERA_SETTINGS_OVERRIDES") or "{}"))
