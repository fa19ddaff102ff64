import pytest
from django.contrib.auth import get_user_model

from bokamera.roles import ADMIN_WRITE
from tests.factories import UserFactory
from webhooks import demo
from webhooks.models import TriggerType, WebhookEndpoint, WebhookMessageAttempt

from .factories import AttemptFactory, EndpointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, company):
    user = UserFactory(username="staff", is_staff=True, roles=[(ADMIN_WRITE, company)])
    from django.contrib.auth.models import Permission

    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="webhooks",
            codename__in=[
                "view_webhookendpoint",
                "change_webhookendpoint",
                "view_webhookmessage",
                "view_webhookmessageattempt",
            ],
        )
    )
    client.force_login(get_user_model().objects.get(pk=user.pk))
    return client


def test_staff_sees_only_their_companys_rows(staff_client, company, other_company):
    mine = EndpointFactory(company=company)
    theirs = EndpointFactory(company=other_company)
    page = staff_client.get("/admin/webhooks/webhookendpoint/").content.decode()
    assert mine.public_id in page
    assert theirs.public_id not in page
    assert staff_client.get(f"/admin/webhooks/webhookendpoint/{theirs.pk}/change/").status_code in (302, 404)


def test_message_page_shows_attempts_and_resend_action(staff_client, company):
    attempt = AttemptFactory(endpoint=EndpointFactory(company=company))
    response = staff_client.get(f"/admin/webhooks/webhookmessage/{attempt.message.pk}/change/")
    assert response.status_code == 200
    assert attempt.public_id in response.content.decode()
    response = staff_client.post(
        "/admin/webhooks/webhookmessage/",
        {"action": "resend", "_selected_action": [attempt.message.pk]},
    )
    assert response.status_code == 302
    manual = WebhookMessageAttempt.objects.get(trigger_type=TriggerType.MANUAL)
    assert manual.endpoint == attempt.endpoint


def test_demo_seed_is_idempotent(company, admin_user):
    first = demo.seed_company(company, admin_user=admin_user)
    second = demo.seed_company(company, admin_user=admin_user)
    assert first == second
    assert WebhookEndpoint.objects.filter(company=company).count() == 1


def test_endpoint_change_page_hides_the_secret(staff_client, company):
    endpoint = EndpointFactory(company=company)
    response = staff_client.get(f"/admin/webhooks/webhookendpoint/{endpoint.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert endpoint.secret not in html
    assert f"whsec_…{endpoint.secret[-4:]}" in html
