"""Periodic tasks: the sweep sends due retries (delays live in `next_attempt_at`) and anything a
lost task or a broker outage left behind."""

BEAT_SCHEDULE = {
    "webhooks-sweep-attempts": {"task": "webhooks.sweep_attempts", "schedule": 5.0},
}
