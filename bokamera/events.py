"""Domain events: the one way an app announces something other apps (webhooks) react to.

`publish_event` runs the subscribers inside the caller's transaction, so the webhooks app can
write its outbox rows atomically with the change that caused them; delivery itself is
enqueued after commit by the subscriber. A refused or rolled-back request therefore emits
nothing, and a committed one cannot lose its event.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.dispatch import Signal

# sender: the publishing module name; kwargs: company_id, event_type, payload, event_id
domain_event = Signal()


def publish_event(
    *, company_id: uuid.UUID | str, event_type: str, payload: dict[str, Any], sender: str = ""
) -> str:
    """Announces `event_type` (e.g. "customer.updated") with a JSON-able payload; returns the event id."""
    event_id = f"evt_{uuid.uuid4().hex}"
    domain_event.send(
        sender=sender or "bokamera",
        company_id=str(company_id),
        event_type=event_type,
        payload=payload,
        event_id=event_id,
    )
    return event_id
