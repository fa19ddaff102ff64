"""Product refresh from VOSS, and the admin: write-only credentials, company scoping, actions."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from integrations.voss.client import VossClient
from integrations.voss.services import voss_products_refresh, voss_usage_create, voss_usage_submit
from integrations.voss_models import VossProduct, VossSettings, VossUsage
from tests.factories import UserFactory
from tests.integrations.voss.conftest import API_KEY
from tests.integrations.voss.factories import VossProductFactory

pytestmark = pytest.mark.django_db


def test_refresh_upserts_products_and_deactivates_only_those_voss_dropped(company, voss_settings, voss):
    VossProductFactory(company=company, article_number="STAFF-MADE", name="Hand made")
    assert voss_products_refresh(company=company) == {"created": 3, "updated": 0, "deactivated": 0}
    assert voss_products_refresh(company=company) == {"created": 0, "updated": 0, "deactivated": 0}

    voss.state.products = [p for p in voss.state.products if p["articleNumber"] != "ADDON-PAYMENTS"]
    voss.state.products[0]["name"] = "SMS (renamed)"
    assert voss_products_refresh(company=company) == {"created": 0, "updated": 1, "deactivated": 1}

    rows = {p.article_number: (p.name, p.product_type, p.active) for p in VossProduct.objects.all()}
    assert rows == {
        "USAGE-SMS": ("SMS (renamed)", "Usage", True),
        "USAGE-DEV-HOUR": ("Developer hour", "Usage", True),
        "ADDON-PAYMENTS": ("Online payments", "Addon", False),
        "STAFF-MADE": ("Hand made", "Usage", True),
    }
    assert VossSettings.objects.get().products_refreshed_at is not None


def test_client_follows_voss_pages(voss):
    client = VossClient(base_url=voss.url, api_key=API_KEY)
    numbers = [p["articleNumber"] for p in client.list_products(page_size=2)]
    assert numbers == ["USAGE-SMS", "USAGE-DEV-HOUR", "ADDON-PAYMENTS"]
    assert [p["articleNumber"] for p in client.list_products(product_type="Addon")] == ["ADDON-PAYMENTS"]


def test_wrong_api_key_is_a_final_refusal(company, voss_settings, voss):
    VossProductFactory(company=company, article_number="USAGE-SMS")
    usage, _ = voss_usage_create(company=company, article_number="USAGE-SMS", quantity=1)
    VossSettings.objects.filter(pk=voss_settings.pk).update(api_key="wrong")
    usage = voss_usage_submit(usage_id=usage.pk)
    assert (usage.status, usage.voss_status_code) == ("Failed", 401)
    assert voss.state.billed == []


@pytest.fixture
def superuser_client(db):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


def test_api_key_is_never_shown_back_and_blank_keeps_it(superuser_client, voss_settings):
    url = f"/admin/integrations/vosssettings/{voss_settings.pk}/change/"
    page = superuser_client.get(url)
    assert page.status_code == 200
    assert API_KEY not in page.content.decode()
    assert API_KEY not in superuser_client.get("/admin/integrations/vosssettings/").content.decode()

    form = {
        "company": str(voss_settings.company_id),
        "enabled": "on",
        "api_base_url": voss_settings.api_base_url,
        "api_key": "",
        "customer_id": "cust-renamed",
        "subscription_id": voss_settings.subscription_id,
    }
    assert superuser_client.post(url, form).status_code == 302
    voss_settings.refresh_from_db()
    assert (voss_settings.customer_id, voss_settings.api_key) == ("cust-renamed", API_KEY)

    superuser_client.post(url, {**form, "api_key": "new-key"})
    voss_settings.refresh_from_db()
    assert voss_settings.api_key == "new-key"
    assert "new-key" not in superuser_client.get(url).content.decode()


def test_staff_see_only_their_companies_usage(company, other_company, voss_settings, other_voss_settings):
    from bokamera.roles import ADMIN_WRITE

    VossProductFactory(company=company, article_number="MINE")
    VossProductFactory(company=other_company, article_number="THEIRS")
    voss_usage_create(company=company, article_number="MINE", quantity=1, idempotency_key="mine-key")
    voss_usage_create(company=other_company, article_number="THEIRS", quantity=1, idempotency_key="their-key")

    staff = UserFactory(username="staff", is_staff=True, roles=[(ADMIN_WRITE, company)])
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_vossusage", "change_vossusage"])
    )
    client = Client()
    client.force_login(staff)
    page = client.get("/admin/integrations/vossusage/").content.decode()
    assert "MINE" in page
    assert "THEIRS" not in page
    their_usage = VossUsage.objects.get(company=other_company)
    assert client.get(f"/admin/integrations/vossusage/{their_usage.pk}/change/").status_code == 302


def test_admin_retry_action_resends_failed_rows(
    superuser_client, company, voss_settings, voss, django_capture_on_commit_callbacks
):
    VossProductFactory(company=company, article_number="LATE", name="Late")
    usage, _ = voss_usage_create(company=company, article_number="LATE", quantity=2)
    assert voss_usage_submit(usage_id=usage.pk).status == "Failed"
    voss.state.products.append({"articleNumber": "LATE", "name": "Late", "price": "10"})

    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            "/admin/integrations/vossusage/", {"action": "retry", "_selected_action": [str(usage.pk)]}
        )
    assert response.status_code == 302
    assert VossUsage.objects.get(pk=usage.pk).status == "Sent"
    assert voss.state.billed_quantity("LATE") == 2


def test_admin_refresh_products_action(superuser_client, company, voss_settings, voss):
    response = superuser_client.post(
        "/admin/integrations/vosssettings/",
        {"action": "refresh_products", "_selected_action": [str(voss_settings.pk)]},
    )
    assert response.status_code == 302
    assert VossProduct.objects.filter(company=company).count() == 3
