"""A Celery worker killed (SIGKILL) in the middle of a task: the job recovers through the reaper
or the sweep, and nothing is created or billed twice."""

from __future__ import annotations

import time

import pytest

from bokamera.testing.broker import use_broker
from customers.models import Customer, UserAccessKey
from integrations.axema.tasks import axema_reap_task
from integrations.axema_models import AxemaUserSyncJob, AxemaUserSyncStatus
from integrations.voss.tasks import resend_pending_voss_usage
from integrations.voss_models import VossUsage

from .conftest import wait_until

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

PERSONS = 10  # the world's Vaka simulator


def job_of(world) -> AxemaUserSyncJob:
    return AxemaUserSyncJob.objects.filter(company=world.company).latest("created")


def test_axema_sync_worker_killed_is_reaped_and_a_new_sync_creates_nothing_twice(
    world, redis_server, *, workers, client_for, settings
):
    client = client_for(world.admin)
    broker = redis_server.url(4)
    world.vaka.state.delay = 0.6  # Vaka in slow mode: 5 pages of 2 persons, 0.6 s each
    with use_broker(broker):
        worker = workers(broker, overrides={"AXEMA_PAGE_SIZE": 2})
        response = client.post("/codelock/axema/usersync", {}, format="json")
        assert response.status_code == 200, response.content
        wait_until(lambda: (job_of(world).users_processed or 0) >= 2, timeout=20, what="first page")
        worker.kill()
        job = job_of(world)
        assert job.status == AxemaUserSyncStatus.PROCESSING and job.users_processed < PERSONS

        # While the dead job holds the company's slot, a second sync is refused: never two at once.
        assert client.post("/codelock/axema/usersync", {}, format="json").status_code == 409

        settings.AXEMA_HEARTBEAT_TIMEOUT_MINUTES = 0.02  # 1.2 s without a heartbeat = dead
        time.sleep(1.5)
        assert axema_reap_task() == {"failed": 1, "resent": 0}
        job.refresh_from_db()
        assert job.status == AxemaUserSyncStatus.FAILED
        assert "heartbeat" in job.error_message
        wire = client.get(f"/codelock/axema/usersync/{job.pk}").json()
        assert wire["Status"] in ("Failed", 3) and wire["ErrorMessage"] == job.error_message

        # A new sync on a healthy worker finishes the work; the half-written pages are not duplicated.
        world.vaka.state.delay = 0
        workers(broker, overrides={"AXEMA_PAGE_SIZE": 2})
        response = client.post("/codelock/axema/usersync", {}, format="json")
        assert response.status_code == 200, response.content
        wait_until(
            lambda: job_of(world).status == AxemaUserSyncStatus.COMPLETED, timeout=30, what="second sync"
        )
    synced = Customer.objects.filter(company=world.company, external_id__isnull=False)
    assert synced.count() == PERSONS
    assert len(set(synced.values_list("external_id", flat=True))) == PERSONS
    keys = UserAccessKey.objects.filter(company=world.company, description="Axema Vaka")
    assert keys.count() == 2 * PERSONS  # a PIN code and a card each, once
    assert AxemaUserSyncJob.objects.filter(company=world.company).count() == 2


def test_voss_worker_killed_mid_send_is_swept_and_billed_once(
    world, redis_server, *, workers, client_for, settings
):
    client = client_for(world.admin)
    broker = redis_server.url(5)
    lease = 2  # seconds a sender holds a row (300 s by default)
    world.voss.state.inject("slow", delay=8)  # VOSS records the usage, then answers late
    with use_broker(broker):
        worker = workers(broker, overrides={"VOSS_SEND_LEASE": lease})
        response = client.post(
            "/voss/usage",
            {"CompanyId": str(world.company.pk), "ArticleNumber": "USAGE-DEV-HOUR", "Quantity": 6},
            format="json",
            HTTP_IDEMPOTENCY_KEY="killed-worker-1",
        )
        assert response.status_code == 200, response.content
        wait_until(lambda: len(world.voss.state.billed) == 1, timeout=20, what="VOSS got the usage")
        worker.kill()  # between VOSS billing and our recording of its answer
        usage = VossUsage.objects.get()
        assert usage.status == VossUsage.Status.PENDING and usage.attempts == 1

        time.sleep(lease + 0.5)  # the dead sender's lease runs out
        workers(broker, overrides={"VOSS_SEND_LEASE": lease})
        assert resend_pending_voss_usage() == 1
        wait_until(
            lambda: VossUsage.objects.get().status == VossUsage.Status.SENT, timeout=20, what="re-sent"
        )
        assert resend_pending_voss_usage() == 0
    usage = VossUsage.objects.get()
    assert usage.attempts == 2 and usage.voss_status_code == 200  # VOSS replayed its first answer
    assert [row["quantity"] for row in world.voss.state.billed] == [6]
    assert world.voss.state.requests == 2
