"""Demo data: one webhook endpoint per company, pointing at the loopback receiver that
`manage.py demo_server` starts (or `.venv/bin/python -m webhooks.simulator --port 8765`). Idempotent."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from bokamera.models import Company

from .models import EVENT_TYPES, WebhookEndpoint
from .services import endpoint_create

DEMO_DESCRIPTION = "Demo receiver (webhooks.simulator)"


def demo_url() -> str:
    return os.environ.get("DEMO_WEBHOOK_URL", "http://127.0.0.1:8765/webhooks")


def seed_company(company: Company, *, admin_user) -> dict:
    url = demo_url()
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


def start_simulators() -> list[tuple[str, str]]:
    """The receiver the demo endpoints deliver to (it accepts every delivery; verification is
    per endpoint secret, see docs/webhooks.md)."""
    from .simulator import start_receiver

    receiver = start_receiver(port=urlsplit(demo_url()).port or 8765)
    return [("Webhook receiver", f"{receiver.url}/webhooks")]
