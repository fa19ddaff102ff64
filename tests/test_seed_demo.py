"""manage.py seed_demo: what a new user starts with, and that a second run duplicates nothing."""

import json
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def seed() -> dict:
    out = StringIO()
    call_command("seed_demo", "--json", stdout=out)
    return json.loads(out.getvalue())


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in ("bokamera", "customers", "scheduling", "webhooks", "integrations")
        for model in apps.get_app_config(app).get_models()
    }


def test_seed_demo_makes_two_companies_with_everything_a_client_needs():
    summary = seed()
    assert len(summary["Companies"]) == 2
    for company in summary["Companies"]:
        assert company["ResourceIds"]
        assert company["WebhookEndpointId"].startswith("ep_")
        assert any(customer["Token"] for customer in company["Customers"])
        assert any(customer["Token"] is None for customer in company["Customers"])


def test_second_run_duplicates_nothing_and_prints_the_same():
    first = seed()
    counts = row_counts()
    assert seed() == first
    assert row_counts() == counts


def test_printed_tokens_work_against_the_api():
    summary = seed()
    company = summary["Companies"][0]
    admin = APIClient(HTTP_AUTHORIZATION=f"Bearer {company['AdminToken']}")
    response = admin.get("/customers")
    assert response.status_code == 200
    assert response.json()["Total"] >= len(company["Customers"])
    other = summary["Companies"][1]["CompanyId"]
    assert admin.get(f"/customers?CompanyId={other}").status_code == 403
    superadmin = APIClient(HTTP_AUTHORIZATION=f"Bearer {summary['SuperadminToken']}")
    assert superadmin.get(f"/customers?CompanyId={other}").status_code == 200
    own = next(customer for customer in company["Customers"] if customer["Token"])
    customer_client = APIClient(HTTP_AUTHORIZATION=f"Bearer {own['Token']}")
    body = {"Firstname": "Own", "Lastname": "Account", "Phone": "", "Email": "own@example.com"}
    response = customer_client.put(f"/customers/{own['Id']}", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["Firstname"] == "Own"
