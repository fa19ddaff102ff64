"""Admin: the Vaka password is write-only; staff see only the companies they administer. Demo."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from bokamera.roles import ADMIN_WRITE
from integrations.axema import demo
from integrations.axema_models import AxemaSettings, AxemaUserSyncJob
from tests.factories import UserFactory

from .factories import AxemaSettingsFactory, AxemaUserSyncJobFactory

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/admin/integrations/axemasettings/"


@pytest.fixture
def superuser_client() -> Client:
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_password_is_never_rendered_and_blank_keeps_it(superuser_client, company):
    settings_row = AxemaSettingsFactory(company=company, password="s3cret-Vaka-pw")
    url = f"{SETTINGS_URL}{company.pk}/change/"

    page = superuser_client.get(url)
    assert page.status_code == 200
    assert "s3cret-Vaka-pw" not in page.content.decode()

    response = superuser_client.post(
        url,
        {
            "enabled": "on",
            "nightly_sync": "on",
            "api_endpoint": "https://vaka.example.com",
            "port": "8443",
            "username": "new-user",
            "password": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    settings_row.refresh_from_db()
    assert (settings_row.username, settings_row.port, settings_row.nightly_sync, settings_row.password) == (
        "new-user",
        8443,
        True,
        "s3cret-Vaka-pw",
    )
    listing = superuser_client.get(SETTINGS_URL).content.decode()
    assert "s3cret-Vaka-pw" not in listing


def test_staff_see_only_their_companies(company, other_company):
    AxemaSettingsFactory(company=company, username="mine")
    AxemaSettingsFactory(company=other_company, username="theirs")
    AxemaUserSyncJobFactory(company=company, error_message="own-job")
    AxemaUserSyncJobFactory(company=other_company, error_message="other-job")
    staff = UserFactory(username="staff", is_staff=True, roles=[(ADMIN_WRITE, company)])
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="integrations",
            codename__in=["view_axemasettings", "change_axemasettings", "view_axemausersyncjob"],
        )
    )
    client = Client()
    client.force_login(staff)

    listing = client.get(SETTINGS_URL).content.decode()
    assert "mine" in listing
    assert "theirs" not in listing
    assert client.get(f"{SETTINGS_URL}{other_company.pk}/change/").status_code == 302  # "doesn't exist"
    jobs = client.get("/admin/integrations/axemausersyncjob/").content.decode()
    assert str(company.name) in jobs
    assert str(other_company.name) not in jobs


def test_demo_seed_is_idempotent(company, admin_user):
    first = demo.seed_company(company, admin_user=admin_user)
    second = demo.seed_company(company, admin_user=admin_user)

    assert first == second
    assert first["Port"] == 8091
    assert AxemaSettings.objects.count() == 1
    assert AxemaSettings.objects.get().api_endpoint == "http://127.0.0.1"
    assert not AxemaUserSyncJob.objects.exists()


def test_start_sync_action_starts_a_job_or_says_why_not(superuser_client, company, other_company):
    AxemaSettingsFactory(company=company)
    AxemaSettingsFactory(company=other_company)
    AxemaUserSyncJobFactory(company=other_company, status=0)

    response = superuser_client.post(
        SETTINGS_URL,
        {"action": "start_sync", "_selected_action": [str(company.pk), str(other_company.pk)]},
        follow=True,
    )

    messages = [str(m) for m in response.context["messages"]]
    job = AxemaUserSyncJob.objects.get(company=company)
    assert f"Acme Salon: sync {job.id} started." in messages
    assert "Other Company: A user sync is already running for this company." in messages
    assert AxemaUserSyncJob.objects.filter(company=other_company).count() == 1
