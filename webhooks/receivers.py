"""Subscribers to bokamera.events.domain_event (connected in WebhooksConfig.ready)."""

from __future__ import annotations

from typing import Any

from . import services


def on_domain_event(
    sender: Any, *, company_id: str, event_type: str, payload: dict, event_id: str, **kwargs: Any
) -> None:
    """Writes the outbox rows in the publisher's transaction; delivery is enqueued after commit."""
    services.message_create(company_id=company_id, event_type=event_type, payload=payload, event_id=event_id)
