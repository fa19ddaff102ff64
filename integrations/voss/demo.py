"""Demo data for VOSS: settings pointing at the simulator and its product catalogue."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from integrations.voss_models import VossProduct, VossSettings

from .simulator import DEFAULT_PRODUCTS, VossSimulator

DEMO_URL = os.environ.get("VOSS_DEMO_URL", "http://127.0.0.1:8089")
DEMO_API_KEY = os.environ.get("VOSS_DEMO_API_KEY", "demo-voss-key")


def seed_company(company, *, admin_user) -> dict:
    """Idempotent: a second run creates nothing."""
    voss_settings, _ = VossSettings.objects.get_or_create(
        company=company,
        defaults={
            "api_base_url": DEMO_URL,
            "api_key": DEMO_API_KEY,
            "customer_id": f"demo-{company.pk}",
            "subscription_id": "demo-subscription",
        },
    )
    products = [
        VossProduct.objects.get_or_create(
            company=company,
            article_number=item["articleNumber"],
            defaults={"name": item["name"], "product_type": item["type"]},
        )[0]
        for item in DEFAULT_PRODUCTS
    ]
    return {"SettingsId": voss_settings.pk, "ArticleNumbers": [p.article_number for p in products]}


def start_simulators() -> list[tuple[str, str]]:
    """Starts the VOSS simulator the demo settings point at (in a daemon thread)."""
    simulator = VossSimulator(port=urlsplit(DEMO_URL).port or 8089, api_key=DEMO_API_KEY).start()
    return [("VOSS", simulator.url)]
