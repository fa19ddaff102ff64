"""CreateWebhookEndpoint, List/Get/Update/Delete, secrets: wire values, validation, roles, tenancy."""

import pytest

from webhooks.models import WebhookEndpoint
from webhooks.selectors import encode_iterator

from .factories import EndpointFactory

pytestmark = pytest.mark.django_db

URL = "http://127.0.0.1:8765/hooks"


def test_create_answers_the_endpoint_with_its_secret(admin_client, company):
    response = admin_client.post(
        "/webhook/endpoints",
        {"Url": URL, "EventTypes": ["customer.updated", "booking.canceled"], "Description": "CRM"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.company == company
    assert body == {
        "Description": "CRM",
        "Url": URL,
        "Id": endpoint.public_id,
        "Disabled": False,
        "EventTypes": ["customer.updated", "booking.canceled"],
        "Secret": endpoint.secret,
    }
    assert body["Id"].startswith("ep_")
    assert body["Secret"].startswith("whsec_")


def test_create_through_the_predefined_route_with_camel_case(admin_client):
    response = admin_client.post(
        "/api/CreateWebhookEndpoint", {"url": URL, "eventTypes": ["voss.usage.created"]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["EventTypes"] == ["voss.usage.created"]


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"EventTypes": ["customer.updated"]}, "Url", "NotEmpty"),
        ({"Url": "not a url", "EventTypes": ["customer.updated"]}, "Url", "Invalid"),
        ({"Url": URL}, "EventTypes", "NotEmpty"),
        ({"Url": URL, "EventTypes": []}, "EventTypes", "NotEmpty"),
        ({"Url": URL, "EventTypes": ["customer.updated", "no.such.event"]}, "EventTypes", "Invalid"),
    ],
)
def test_create_refuses_bad_input_with_the_field_name(admin_client, payload, field, code):
    response = admin_client.post("/webhook/endpoints", payload, format="json")
    assert response.status_code == 400
    status = response.json()["ResponseStatus"]
    assert status["Errors"][0]["FieldName"] == field
    assert status["Errors"][0]["ErrorCode"] == code
    assert not WebhookEndpoint.objects.exists()


def test_roles_reader_is_forbidden_and_anonymous_unauthorized(client_for, reader_user, anon_client):
    payload = {"Url": URL, "EventTypes": ["customer.updated"]}
    assert client_for(reader_user).post("/webhook/endpoints", payload, format="json").status_code == 403
    assert client_for(reader_user).get("/webhook/endpoints").status_code == 403
    assert anon_client.post("/webhook/endpoints", payload, format="json").status_code == 401
    assert not WebhookEndpoint.objects.exists()


def test_superadmin_creates_for_a_named_company(client_for, superadmin, other_company):
    response = client_for(superadmin).post(
        f"/webhook/endpoints?CompanyId={other_company.pk}",
        {"Url": URL, "EventTypes": ["booking.canceled"]},
        format="json",
    )
    assert response.status_code == 200
    assert WebhookEndpoint.objects.get().company == other_company


def test_admin_cannot_create_for_another_company(admin_client, other_company):
    response = admin_client.post(
        "/webhook/endpoints",
        {"CompanyId": str(other_company.pk), "Url": URL, "EventTypes": ["booking.canceled"]},
        format="json",
    )
    assert response.status_code == 403
    assert not WebhookEndpoint.objects.exists()


def test_get_update_delete(admin_client, company):
    endpoint = EndpointFactory(company=company, description="old")
    response = admin_client.get(f"/webhook/endpoints/{endpoint.public_id}")
    assert response.status_code == 200
    assert response.json() == {
        "Description": "old",
        "Url": endpoint.url,
        "Id": endpoint.public_id,
        "Disabled": False,
        "EventTypes": ["customer.updated"],
    }
    response = admin_client.put(
        f"/webhook/endpoints/{endpoint.public_id}",
        {"Url": URL, "EventTypes": ["axema.usersync.failed"], "Description": "new", "Disabled": True},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["EventTypes"] == ["axema.usersync.failed"]
    endpoint.refresh_from_db()
    assert (endpoint.url, endpoint.description, endpoint.disabled) == (URL, "new", True)

    response = admin_client.delete(f"/webhook/endpoints/{endpoint.public_id}")
    assert response.status_code == 200
    assert response.json()["Id"] == endpoint.public_id
    assert not WebhookEndpoint.objects.exists()


def test_update_validates_event_types(admin_client, company):
    endpoint = EndpointFactory(company=company)
    response = admin_client.put(
        f"/webhook/endpoints/{endpoint.public_id}", {"Url": URL, "EventTypes": ["nope"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["ResponseStatus"]["Errors"][0]["FieldName"] == "EventTypes"
    endpoint.refresh_from_db()
    assert endpoint.event_types == ["customer.updated"]


def test_another_companys_endpoint_is_not_found_and_unchanged(admin_client, other_company):
    endpoint = EndpointFactory(company=other_company)
    path = f"/webhook/endpoints/{endpoint.public_id}"
    assert admin_client.get(path).status_code == 404
    assert (
        admin_client.put(path, {"Url": URL, "EventTypes": ["booking.canceled"]}, format="json").status_code
        == 404
    )
    assert admin_client.delete(path).status_code == 404
    assert admin_client.get(f"{path}/secret").status_code == 404
    assert admin_client.post(f"{path}/secret/rotate").status_code == 404
    assert admin_client.get(f"{path}/attempts").status_code == 404
    fresh = WebhookEndpoint.objects.get(pk=endpoint.pk)
    assert (fresh.url, fresh.secret, fresh.event_types) == (
        endpoint.url,
        endpoint.secret,
        endpoint.event_types,
    )


def test_secret_read_and_rotate(admin_client, company):
    endpoint = EndpointFactory(company=company)
    response = admin_client.get(f"/webhook/endpoints/{endpoint.public_id}/secret")
    assert response.json() == {"Key": endpoint.secret}
    response = admin_client.post(f"/webhook/endpoints/{endpoint.public_id}/secret/rotate")
    assert response.status_code == 200
    endpoint.refresh_from_db()
    assert response.json()["Secret"] == endpoint.secret
    assert endpoint.secret.startswith("whsec_")


def test_secret_rotation_changes_the_secret(admin_client, company):
    endpoint = EndpointFactory(company=company)
    old = endpoint.secret
    admin_client.post(f"/webhook/endpoints/{endpoint.public_id}/secret/rotate")
    endpoint.refresh_from_db()
    assert endpoint.secret != old


def test_list_endpoints_pages_newest_first(
    admin_client, company, other_company, django_assert_max_num_queries
):
    endpoints = [EndpointFactory(company=company) for _ in range(3)]
    EndpointFactory(company=other_company)
    with django_assert_max_num_queries(5):
        first = admin_client.get("/webhook/endpoints?Limit=2").json()
    assert [e["Id"] for e in first["Data"]] == [endpoints[2].public_id, endpoints[1].public_id]
    assert first["Done"] is False
    assert first["Iterator"] == encode_iterator(endpoints[1].pk)
    second = admin_client.get(f"/webhook/endpoints?Limit=2&Iterator={first['Iterator']}").json()
    assert [e["Id"] for e in second["Data"]] == [endpoints[0].public_id]
    assert second["Done"] is True
    assert "Secret" not in second["Data"][0]
