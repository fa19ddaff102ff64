"""Demo data for Axema: settings pointing at the Vaka simulator (port 8091 unless AXEMA_DEMO_URL)."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from integrations.axema_models import AxemaSettings

from .simulator import VakaSimulator, VakaState, make_persons

DEMO_URL = os.environ.get("AXEMA_DEMO_URL", "http://127.0.0.1:8091")
DEMO_USERNAME = "vaka"
DEMO_PASSWORD = os.environ.get("AXEMA_DEMO_PASSWORD", "vaka-secret")
DEMO_PERSONS = 100


def seed_company(company, *, admin_user) -> dict:
    """Idempotent: a second run creates nothing (and leaves edited settings alone)."""
    parts = urlsplit(DEMO_URL)
    axema_settings, _ = AxemaSettings.objects.get_or_create(
        company=company,
        defaults={
            "api_endpoint": f"{parts.scheme}://{parts.hostname}",
            "port": parts.port,
            "username": DEMO_USERNAME,
            "password": DEMO_PASSWORD,
            "enabled": True,
            "nightly_sync": False,
        },
    )
    return {
        "SettingsCompanyId": str(axema_settings.pk),
        "Endpoint": axema_settings.api_endpoint,
        "Port": axema_settings.port,
        "SyncWith": f"POST /codelock/axema/usersync or manage.py axema_sync --company {company.pk} --wait",
    }


def start_simulators() -> list[tuple[str, str]]:
    """Starts the Vaka simulator the demo settings point at (in a daemon thread)."""
    state = VakaState(persons=make_persons(DEMO_PERSONS), username=DEMO_USERNAME, password=DEMO_PASSWORD)
    simulator = VakaSimulator(state, port=urlsplit(DEMO_URL).port or 8091).start()
    return [("Axema Vaka", simulator.url)]
