"""The sync job against the Vaka simulator over HTTP: customers, access keys, counts, faults."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from customers.models import AccessKeyType, Customer, UserAccessKey
from integrations.axema import services
from integrations.axema.simulator import make_person, make_persons
from integrations.axema_models import AxemaUserSyncJob, AxemaUserSyncStatus
from tests.factories import CompanyFactory

from .factories import AxemaSettingsFactory, AxemaUserSyncJobFactory

pytestmark = pytest.mark.django_db


def run_sync(company) -> AxemaUserSyncJob:
    job = services.axema_user_sync_start(company=company, enqueue_task=False)
    assert services.axema_user_sync_run(job_id=job.id) is not None
    job.refresh_from_db()
    return job


def counts(job: AxemaUserSyncJob) -> tuple:
    return (job.status, job.users_found, job.users_created, job.users_updated, job.error_message)


def test_first_run_creates_customers_and_access_keys(company, axema_settings, vaka, events):
    job = run_sync(company)

    assert counts(job) == (AxemaUserSyncStatus.COMPLETED, 5, 5, 0, "")
    assert job.users_processed == 5
    assert job.started_at and job.finished_at and job.heartbeat_at
    customer = Customer.objects.get(company=company, external_id="100001")
    assert (customer.firstname, customer.lastname, customer.email, customer.phone) == (
        "First1",
        "Last1",
        "person1@vaka.example.com",
        "+46700000001",
    )
    keys = sorted(customer.access_keys.values_list("access_key_type_id", "value", "description"))
    assert keys == [
        (AccessKeyType.PIN_CODE, "1000001", "Axema Vaka"),
        (AccessKeyType.CARD, "C000000010", "Axema Vaka"),
    ]
    assert UserAccessKey.objects.filter(company=company).count() == 10
    assert vaka.state.requests == [(1, 2), (2, 2), (3, 2)]
    assert [(kind, company_id) for kind, company_id, _ in events] == [
        ("axema.usersync.completed", str(company.id))
    ]
    payload = events[0][2]
    assert payload["Id"] == str(job.id)
    assert (payload["Status"], payload["StatusName"], payload["UsersCreated"]) == (2, "Completed", 5)


def test_second_run_creates_no_duplicates_and_counts_nothing(company, axema_settings, vaka):
    run_sync(company)
    before = list(Customer.objects.filter(company=company).values_list("id", "updated").order_by("id"))

    job = run_sync(company)

    assert counts(job) == (AxemaUserSyncStatus.COMPLETED, 5, 0, 0, "")
    assert Customer.objects.filter(company=company).count() == 5
    assert UserAccessKey.objects.filter(company=company).count() == 10
    after = list(Customer.objects.filter(company=company).values_list("id", "updated").order_by("id"))
    assert after == before  # unchanged rows are not rewritten


def test_changes_in_vaka_update_customers_and_keys(company, axema_settings, vaka):
    run_sync(company)
    persons = vaka.state.persons
    persons[0]["lastName"] = "Renamed"
    persons[1]["cards"] = [{"cardNumber": "NEWCARD"}]  # card replaced
    persons[2]["cards"] = persons[3]["cards"]  # a card moved from person 4 to person 3
    persons[3]["cards"] = []
    persons.append(make_person(6))

    job = run_sync(company)

    assert counts(job) == (AxemaUserSyncStatus.COMPLETED, 6, 1, 4, "")
    assert Customer.objects.get(company=company, external_id="100001").lastname == "Renamed"
    second = Customer.objects.get(company=company, external_id="100002")
    assert set(
        second.access_keys.filter(access_key_type=AccessKeyType.CARD).values_list("value", flat=True)
    ) == {"NEWCARD"}
    moved = UserAccessKey.objects.get(company=company, value="C000000040")
    assert moved.customer.external_id == "100003"
    assert not UserAccessKey.objects.filter(value="C000000030").exists()
    assert not UserAccessKey.objects.filter(value="C000000020").exists()


def test_persons_removed_from_vaka_lose_their_synced_keys_only(company, axema_settings, vaka):
    run_sync(company)
    removed = Customer.objects.get(company=company, external_id="100005")
    UserAccessKey.objects.create(
        company=company, access_key_type_id=AccessKeyType.CARD, value="HANDMADE", customer=removed
    )
    del vaka.state.persons[4]

    job = run_sync(company)

    assert counts(job) == (AxemaUserSyncStatus.COMPLETED, 4, 0, 0, "")
    assert list(removed.access_keys.values_list("value", flat=True)) == ["HANDMADE"]
    assert Customer.objects.filter(company=company).count() == 5
    assert UserAccessKey.objects.filter(company=company).count() == 9


def test_no_key_is_removed_when_records_were_left_out(company, axema_settings, vaka):
    run_sync(company)
    vaka.state.malformed = {4}

    run_sync(company)

    assert UserAccessKey.objects.filter(company=company).count() == 10


def test_no_key_is_removed_when_paging_did_not_see_every_person(company, axema_settings, vaka):
    """Offset paging over a list that changed meanwhile: person 1 is served twice, so the last
    page no longer reaches person 5, who is still in Vaka. 4 distinct persons of totalCount 5."""
    run_sync(company)
    vaka.state.persons[4] = vaka.state.persons[0]

    job = run_sync(company)

    assert job.status == AxemaUserSyncStatus.COMPLETED
    assert UserAccessKey.objects.filter(company=company, customer__external_id="100005").count() == 2


def test_empty_vaka_fields_do_not_blank_and_own_accounts_keep_their_email(company, axema_settings, vaka):
    from tests.factories import UserFactory

    run_sync(company)
    customer = Customer.objects.get(company=company, external_id="100001")
    customer.user = UserFactory(username="own-account")
    customer.email = "own@example.com"
    customer.save()
    vaka.state.persons[0]["email"] = "changed@vaka.example.com"
    vaka.state.persons[1]["phone"] = None

    job = run_sync(company)

    assert (job.users_updated, job.users_created) == (0, 0)
    customer.refresh_from_db()
    assert customer.email == "own@example.com"
    assert Customer.objects.get(company=company, external_id="100002").phone == "+46700000002"


def test_matches_existing_customer_by_email_and_keeps_manual_keys(company, axema_settings, vaka):
    existing = Customer.objects.create(
        company=company, firstname="Old", lastname="Name", email="Person2@Vaka.example.com"
    )
    manual = UserAccessKey.objects.create(
        company=company, access_key_type_id=AccessKeyType.CARD, value="MANUAL", customer=existing
    )
    other_company_customer = Customer.objects.create(
        company=CompanyFactory(), firstname="X", email="person3@vaka.example.com"
    )

    job = run_sync(company)

    assert counts(job) == (AxemaUserSyncStatus.COMPLETED, 5, 4, 1, "")
    existing.refresh_from_db()
    assert (existing.external_id, existing.firstname, existing.email) == (
        "100002",
        "First2",
        "person2@vaka.example.com",
    )
    assert set(existing.access_keys.values_list("value", flat=True)) == {"MANUAL", "1000002", "C000000020"}
    manual.refresh_from_db()
    assert manual.customer_id == existing.id
    other_company_customer.refresh_from_db()
    assert other_company_customer.external_id is None
    assert Customer.objects.filter(company=company).count() == 5


def test_malformed_records_are_left_out_and_reported(company, axema_settings, vaka):
    vaka.state.malformed = {0, 1, 2}  # no personId, not an object, cards not a list

    job = run_sync(company)

    assert job.status == AxemaUserSyncStatus.COMPLETED
    assert (job.users_found, job.users_created, job.users_skipped) == (5, 2, 3)
    assert job.error_message == (
        "3 malformed record(s) left out: personId is missing; record is not an object; "
        "person 100003: cards is not a list"
    )
    assert set(Customer.objects.filter(company=company).values_list("external_id", flat=True)) == {
        "100004",
        "100005",
    }


def test_transient_500s_are_retried(company, axema_settings, vaka):
    vaka.state.fail_next = 2

    job = run_sync(company)

    assert counts(job) == (AxemaUserSyncStatus.COMPLETED, 5, 5, 0, "")
    assert vaka.state.requests[:3] == [(1, 2), (1, 2), (1, 2)]


def test_a_page_that_keeps_failing_fails_the_job_and_keeps_earlier_pages(
    company, axema_settings, vaka, events
):
    vaka.state.fail_pages = {2}

    job = run_sync(company)

    assert job.status == AxemaUserSyncStatus.FAILED
    assert job.error_message.startswith("Axema Vaka did not answer page 2: GET /api/v1/persons answered 500")
    assert (job.users_created, job.users_updated) == (2, 0)
    assert vaka.state.requests == [(1, 2), (2, 2), (2, 2), (2, 2)]
    assert Customer.objects.filter(company=company).count() == 2
    assert [kind for kind, _, _ in events] == ["axema.usersync.failed"]
    assert events[0][2]["ErrorMessage"] == job.error_message


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ({"password": "wrong"}, "Axema Vaka refused the credentials (401)."),
        ({"garbage_pages": {1}}, "Axema Vaka answered page 1 with something that is not JSON."),
        ({"delay": 0.5}, "Axema Vaka did not answer page 1: GET /api/v1/persons failed: timed out"),
    ],
)
@pytest.mark.usefixtures("axema_settings")
def test_faults_fail_the_job_with_a_message(company, vaka, settings, fault, message):
    settings.AXEMA_HTTP_TIMEOUT = 0.2
    settings.AXEMA_HTTP_ATTEMPTS = 2
    for name, value in fault.items():
        setattr(vaka.state, name, value)

    job = run_sync(company)

    assert (job.status, job.error_message) == (AxemaUserSyncStatus.FAILED, message)
    assert job.get_status_display() == "Failed"
    assert not Customer.objects.filter(company=company).exists()


def test_disabled_settings_fail_the_job(company, axema_settings, vaka):
    job = services.axema_user_sync_start(company=company, enqueue_task=False)
    axema_settings.enabled = False
    axema_settings.save()

    services.axema_user_sync_run(job_id=job.id)

    job.refresh_from_db()
    assert (job.status, job.error_message) == (
        AxemaUserSyncStatus.FAILED,
        "Axema is not configured or not enabled for this company.",
    )
    assert vaka.state.requests == []


def test_running_a_job_twice_does_nothing_the_second_time(company, axema_settings, vaka):
    job = services.axema_user_sync_start(company=company, enqueue_task=False)
    assert services.axema_user_sync_run(job_id=job.id) is not None

    assert services.axema_user_sync_run(job_id=job.id) is None
    assert len(vaka.state.requests) == 3


def test_queries_grow_with_pages_not_users(
    company, axema_settings, vaka, settings, django_assert_max_num_queries
):
    settings.AXEMA_PAGE_SIZE = 100
    vaka.state.persons = make_persons(300)
    job = services.axema_user_sync_start(company=company, enqueue_task=False)

    # claim, job, settings; per page: 2 savepoints + 2 releases, customers by id, by e-mail,
    # upsert, access keys, insert keys (SQLite splits both inserts in two), progress; then the
    # sweep of unlisted keys (3) and the finish (5)
    with django_assert_max_num_queries(3 + 3 * 13 + 3 + 5):
        services.axema_user_sync_run(job_id=job.id)
    job.refresh_from_db()
    assert counts(job) == (AxemaUserSyncStatus.COMPLETED, 300, 300, 0, "")

    job = services.axema_user_sync_start(company=company, enqueue_task=False)
    # per page: savepoints, customers by id, access keys, progress
    with django_assert_max_num_queries(3 + 3 * 7 + 3 + 5):
        services.axema_user_sync_run(job_id=job.id)
    assert Customer.objects.filter(company=company).count() == 300
    assert UserAccessKey.objects.filter(company=company).count() == 600


def test_reaper_fails_jobs_without_heartbeat_and_the_company_can_sync_again(
    company, axema_settings, vaka, events, settings
):
    settings.AXEMA_HEARTBEAT_TIMEOUT_MINUTES = 10
    now = timezone.now()
    stale = AxemaUserSyncJobFactory(
        company=company, status=AxemaUserSyncStatus.PROCESSING, heartbeat_at=now - dt.timedelta(minutes=11)
    )
    alive_company = AxemaSettingsFactory().company
    alive = AxemaUserSyncJobFactory(
        company=alive_company,
        status=AxemaUserSyncStatus.PROCESSING,
        heartbeat_at=now - dt.timedelta(minutes=9),
    )

    assert services.axema_user_sync_reap(now=now) == {"failed": 1, "resent": 0}

    stale.refresh_from_db()
    alive.refresh_from_db()
    assert (stale.status, stale.error_message) == (
        AxemaUserSyncStatus.FAILED,
        "The sync stopped making progress (no heartbeat for 10 minutes).",
    )
    assert alive.status == AxemaUserSyncStatus.PROCESSING
    assert [(kind, payload["Id"]) for kind, _, payload in events] == [
        ("axema.usersync.failed", str(stale.id))
    ]
    assert run_sync(company).status == AxemaUserSyncStatus.COMPLETED


def test_a_page_for_a_reaped_job_is_rolled_back(company, axema_settings, vaka):
    """The reaper ended the job while its worker still ran: the worker's next page finds the job
    no longer Processing and writes nothing."""
    from integrations.axema.client import VakaClient

    job = AxemaUserSyncJobFactory(company=company, status=AxemaUserSyncStatus.FAILED)
    with VakaClient(api_endpoint=vaka.url, port=None, username="vaka", password="vaka-secret") as client:
        page = client.fetch_page(1, 2)

    with pytest.raises(services._JobLost):
        services._sync_page(job, page, found=5)
    assert not Customer.objects.filter(company=company).exists()


def test_reaper_resends_pending_jobs_and_fails_those_that_never_start(company, axema_settings, vaka):
    now = timezone.now()
    old = AxemaUserSyncJobFactory(company=company, status=AxemaUserSyncStatus.PENDING)
    AxemaUserSyncJob.objects.filter(pk=old.pk).update(enqueued_at=now - dt.timedelta(minutes=5))

    # Without a broker the re-sent task runs at once: the lost job completes.
    assert services.axema_user_sync_reap(now=now) == {"failed": 0, "resent": 1}
    old.refresh_from_db()
    assert old.status == AxemaUserSyncStatus.COMPLETED

    never = AxemaUserSyncJobFactory(company=company, status=AxemaUserSyncStatus.PENDING)
    AxemaUserSyncJob.objects.filter(pk=never.pk).update(created=now - dt.timedelta(hours=2))
    assert services.axema_user_sync_reap(now=now)["failed"] == 1
    never.refresh_from_db()
    assert (never.status, never.error_message) == (
        AxemaUserSyncStatus.FAILED,
        "The sync never started (no worker picked it up).",
    )


def test_nightly_sync_starts_only_flagged_enabled_companies(
    company, axema_settings, vaka, django_capture_on_commit_callbacks
):
    axema_settings.nightly_sync = True
    axema_settings.save()
    AxemaSettingsFactory(nightly_sync=False)
    AxemaSettingsFactory(nightly_sync=True, enabled=False)
    busy = AxemaSettingsFactory(nightly_sync=True)
    AxemaUserSyncJobFactory(company=busy.company, status=AxemaUserSyncStatus.PROCESSING)

    with django_capture_on_commit_callbacks(execute=True):  # no broker: the task runs at once
        started = services.axema_nightly_syncs_start()

    job = AxemaUserSyncJob.objects.get(pk=started[0])
    assert len(started) == 1
    assert (job.company_id, job.trigger, job.status) == (company.id, "nightly", AxemaUserSyncStatus.COMPLETED)
    assert Customer.objects.filter(company=company).count() == 5


def test_one_running_job_per_company_is_a_database_constraint(company, other_company):
    from django.db import IntegrityError, transaction

    AxemaUserSyncJobFactory(company=company, status=AxemaUserSyncStatus.PENDING)
    AxemaUserSyncJobFactory(company=company, status=AxemaUserSyncStatus.COMPLETED)
    AxemaUserSyncJobFactory(company=other_company, status=AxemaUserSyncStatus.PROCESSING)
    with pytest.raises(IntegrityError), transaction.atomic():
        AxemaUserSyncJobFactory(company=company, status=AxemaUserSyncStatus.PROCESSING)


def test_settings_save_keeps_the_password_unless_given(company):
    services.axema_settings_save(company=company, api_endpoint="https://v", username="u", password="p1")
    saved = services.axema_settings_save(company=company, api_endpoint="https://w", username="u2", port=81)

    saved.refresh_from_db()
    assert (saved.api_endpoint, saved.username, saved.port, saved.password) == ("https://w", "u2", 81, "p1")
    assert "p1" not in repr(saved)
