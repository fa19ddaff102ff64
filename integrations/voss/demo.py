"""Demo data for VOSS: settings pointing at the simulator and a small product catalogue."""

from __future__ import annotations

import os

from integrations.voss_models import VossProduct, VossSettings

from .simulator import DEFAULT_PRODUCTS

DEMO_URL = os.environ.get("VOSS_DEMO_URL", "http://127.0.0.1:8089")


def seed_company(company, *, admin_user) -> dict:
    """Idempotent: a second run creates nothing."""
    voss_settings, _ = VossSettings.objects.get_or_create(
        company=company,
        defaults={
            "api_base_url": DEMO_URL,
            "api_key": os.environ.get("VOSS_DEMO_API_KEY", "demo-voss-key"),
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
    return {"voss_settings_id": voss_settings.pk, "voss_product_ids": [p.pk for p in products]}
