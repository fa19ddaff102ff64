"""Periodic tasks of the VOSS integration (merged into integrations/schedule.py)."""

VOSS_BEAT = {
    "voss-resend-pending-usage": {"task": "integrations.voss.resend_pending", "schedule": 60.0},
}
