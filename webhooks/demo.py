"""Demo data: one webhook endpoint per company, pointing at the loopback receiver
(`.venv/bin/python -m webhooks.simulator --port 8765`). Idempotent."""

from __future__ import annotations

import os

from bokamera.models import Company

from .models import EVENT_TYPES, WebhookEndpoint
from .services import endpoint_create

DEMO_DESCRIPTION = "Demo receiver (webhooks.simulator)"


def seed_company(company: Company, *, admin_user) -> dict:
    url = os.environ.get("DEMO_WEBHOOK_URL", "http://127.0.0.1:8765/webhooks")
    endpoint = WebhookEndpoint.objects.filter(company=company, description=DEMO_DESCRIPTION).first()
    if endpoint is None:
        endpoint = endpoint_create(
            company=company, url=url, event_types=list(EVENT_TYPES), description=DEMO_DESCRIPTION
        )
    return {
        "webhook_endpoint_id": endpoint.public_id,
        "webhook_url": endpoint.url,
        "webhook_secret": endpoint.secret,
    }
