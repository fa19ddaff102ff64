"""CreateAxemaUserSync, QueryAxemaUserSyncJobs and GetAxemaUserSyncJob on the wire."""

from __future__ import annotations

import uuid

import pytest

from customers.models import Customer
from integrations.axema_models import AxemaUserSyncJob, AxemaUserSyncStatus
from tests.factories import UserFactory

from .factories import AxemaSettingsFactory, AxemaUserSyncJobFactory

pytestmark = pytest.mark.django_db

URL = "/codelock/axema/usersync"
WIRE_KEYS = [
    "Id",
    "CompanyId",
    "Status",
    "StatusName",
    "UsersFound",
    "UsersCreated",
    "UsersUpdated",
    "ErrorMessage",
    "CreatedDate",
    "UpdatedDate",
]


@pytest.mark.usefixtures("axema_settings")
def test_post_creates_a_pending_job_that_the_worker_completes(
    admin_client, company, django_capture_on_commit_callbacks, events
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(URL, {}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert list(body) == WIRE_KEYS
    job = AxemaUserSyncJob.objects.get()
    assert body["Id"] == str(job.id)
    assert body["CompanyId"] == str(company.id)
    assert (body["Status"], body["StatusName"]) == (0, "Pending")
    assert (body["UsersFound"], body["UsersCreated"], body["UsersUpdated"], body["ErrorMessage"]) == (
        None,
        None,
        None,
        None,
    )
    assert len(callbacks) == 1
    assert job.requested_by.username == "admin"

    detail = admin_client.get(f"{URL}/{job.id}").json()
    assert (detail["Status"], detail["StatusName"], detail["UsersFound"], detail["UsersCreated"]) == (
        2,
        "Completed",
        5,
        5,
    )
    assert (detail["UsersUpdated"], detail["ErrorMessage"]) == (0, None)
    assert detail["CreatedDate"] == body["CreatedDate"]
    assert Customer.objects.filter(company=company).count() == 5
    assert [kind for kind, _, _ in events] == ["axema.usersync.completed"]


def test_predefined_route_and_explicit_company_id(client_for, company, axema_settings, superadmin):
    response = client_for(superadmin).post(
        "/json/reply/CreateAxemaUserSync", {"companyId": str(company.id)}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["CompanyId"] == str(company.id)
    assert AxemaUserSyncJob.objects.get().status == AxemaUserSyncStatus.PENDING


def test_post_while_a_sync_runs_is_409(admin_client, company, axema_settings):
    running = AxemaUserSyncJobFactory(company=company, status=AxemaUserSyncStatus.PROCESSING)

    response = admin_client.post(URL, {}, format="json")

    assert response.status_code == 409
    assert response.json() == {
        "ResponseStatus": {
            "ErrorCode": "AxemaUserSyncRunning",
            "Message": "A user sync is already running for this company.",
            "Errors": [],
            "Meta": {"JobId": str(running.id)},
        }
    }
    assert AxemaUserSyncJob.objects.count() == 1


def test_post_without_axema_settings_is_400(admin_client, company):
    response = admin_client.post(URL, {}, format="json")

    assert response.status_code == 400
    status = response.json()["ResponseStatus"]
    assert (status["ErrorCode"], status["Message"]) == (
        "AxemaNotConfigured",
        "Axema is not configured or not enabled for this company.",
    )
    assert status["Errors"][0]["FieldName"] == "CompanyId"
    assert not AxemaUserSyncJob.objects.exists()


@pytest.mark.parametrize(
    ("who", "company_arg", "expected"),
    [
        (None, False, 401),
        ("reader_user", False, 403),
        ("other_admin", True, 403),
    ],
)
@pytest.mark.usefixtures("axema_settings")
def test_post_denied(request, who, company_arg, expected, client_for):
    company = request.getfixturevalue("company")
    user = request.getfixturevalue(who) if who else None
    data = {"CompanyId": str(company.id)} if company_arg else {}

    response = client_for(user).post(URL, data, format="json")

    assert response.status_code == expected
    assert "ResponseStatus" in response.json()
    assert not AxemaUserSyncJob.objects.exists()


def test_post_unknown_company_is_404(admin_client):
    response = admin_client.post(URL, {"CompanyId": str(uuid.uuid4())}, format="json")

    assert response.status_code == 404
    assert response.json()["ResponseStatus"]["Errors"][0]["FieldName"] == "CompanyId"


def test_query_lists_the_company_jobs_newest_first_with_the_read_role(
    client_for, reader_user, company, other_company
):
    old = AxemaUserSyncJobFactory(company=company, status=AxemaUserSyncStatus.FAILED, error_message="boom")
    new = AxemaUserSyncJobFactory(
        company=company, status=AxemaUserSyncStatus.COMPLETED, users_found=3, users_created=1, users_updated=2
    )
    AxemaUserSyncJobFactory(company=other_company)

    response = client_for(reader_user).get(URL)

    assert response.status_code == 200
    results = response.json()["Results"]
    assert [r["Id"] for r in results] == [str(new.id), str(old.id)]
    assert {k: results[0][k] for k in WIRE_KEYS[2:8]} == {
        "Status": 2,
        "StatusName": "Completed",
        "UsersFound": 3,
        "UsersCreated": 1,
        "UsersUpdated": 2,
        "ErrorMessage": None,
    }
    assert results[1]["ErrorMessage"] == "boom"
    assert list(response.json()) == ["Results"]


@pytest.mark.parametrize("status", ["3", "Failed", "failed"])
def test_query_filters_by_status(admin_client, company, status):
    failed = AxemaUserSyncJobFactory(company=company, status=AxemaUserSyncStatus.FAILED)
    AxemaUserSyncJobFactory(company=company, status=AxemaUserSyncStatus.COMPLETED)

    response = admin_client.get(URL, {"Status": status})

    assert [r["Id"] for r in response.json()["Results"]] == [str(failed.id)]


def test_query_rejects_an_unknown_status(admin_client):
    response = admin_client.get(URL, {"Status": "7"})

    assert response.status_code == 400
    assert response.json()["ResponseStatus"]["Errors"][0]["FieldName"] == "Status"


def test_query_does_not_grow_with_jobs(admin_client, company, django_assert_max_num_queries):
    AxemaUserSyncJobFactory.create_batch(20, company=company)

    with django_assert_max_num_queries(8):  # token, user, roles, company, jobs
        response = admin_client.get(URL)
    assert len(response.json()["Results"]) == 20


def test_detail_of_another_company_is_404(client_for, other_admin, company):
    job = AxemaUserSyncJobFactory(company=company)

    client = client_for(other_admin)
    assert client.get(f"{URL}/{job.id}").status_code == 404
    # Naming a company the caller does not administer is refused like every CompanyId service.
    assert client.get(f"{URL}/{job.id}", {"CompanyId": company.id}).status_code == 403
    own = client.get(f"{URL}/{job.id}", {"CompanyId": other_admin_company(other_admin)})
    assert own.status_code == 404
    assert client.get(f"{URL}/{uuid.uuid4()}").json()["ResponseStatus"]["Errors"][0]["FieldName"] == "Id"


def other_admin_company(user) -> str:
    from bokamera.roles import administered_companies

    return str(administered_companies(user).get().id)


def test_detail_with_the_read_role_and_jsv(client_for, reader_user, company):
    job = AxemaUserSyncJobFactory(company=company, status=AxemaUserSyncStatus.PENDING)

    response = client_for(reader_user).get(f"{URL}/{job.id}.jsv")

    assert response.status_code == 200
    assert response.content.decode().startswith(
        f"{{Id:{job.id},CompanyId:{company.id},Status:0,StatusName:Pending"
    )


def test_a_user_of_two_companies_must_name_one(client_for, company):
    second = AxemaSettingsFactory().company
    from bokamera.roles import ADMIN_WRITE

    user = UserFactory(username="two", roles=[(ADMIN_WRITE, company), (ADMIN_WRITE, second)])

    response = client_for(user).post(URL, {}, format="json")

    assert response.status_code == 400
    assert response.json()["ResponseStatus"]["Errors"][0]["FieldName"] == "CompanyId"
    assert client_for(user).post(URL, {"CompanyId": str(second.id)}, format="json").status_code == 200
