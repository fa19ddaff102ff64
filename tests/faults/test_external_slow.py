"""External systems slow or silent: the configured timeouts bound every task, the failure is
recorded where a user sees it, and a later try still bills or sends once."""

from __future__ import annotations

import time

import pytest

from bokamera.testing.broker import eager_tasks
from bokamera.testing.faultproxy import BLACKHOLE, FaultProxy
from integrations.axema.services import axema_user_sync_start
from integrations.axema.tasks import axema_user_sync_run_task
from integrations.voss.services import voss_usage_submit
from integrations.voss_models import VossUsage
from webhooks import services as webhook_services
from webhooks.models import AttemptStatus, WebhookMessageAttempt

from .conftest import customer_body

pytestmark = pytest.mark.django_db(transaction=True)
SLACK = 2.0  # seconds of scheduling noise allowed on a busy CI machine


@pytest.fixture(autouse=True)
def _eager_tasks():
    with eager_tasks():
        yield


def test_slow_axema_fails_the_job_with_an_error_message_within_the_timeout(world, settings, client_for):
    settings.AXEMA_HTTP_TIMEOUT = 0.5
    settings.AXEMA_HTTP_ATTEMPTS = 2
    settings.AXEMA_HTTP_BACKOFF = 0.05
    world.vaka.state.delay = 5  # every answer comes after the client gave up
    job = axema_user_sync_start(company=world.company, enqueue_task=False)
    started = time.monotonic()
    axema_user_sync_run_task(str(job.pk))
    elapsed = time.monotonic() - started
    assert elapsed < 2 * 0.5 + 0.05 * 2 + SLACK, f"the sync took {elapsed:.1f} s"
    wire = client_for(world.admin).get(f"/codelock/axema/usersync/{job.pk}").json()
    assert wire["Status"] in ("Failed", 3), wire
    assert "timed out" in wire["ErrorMessage"].lower() or "timeout" in wire["ErrorMessage"].lower(), wire
    # The slot is free again: a new sync may start at once.
    assert client_for(world.admin).post("/codelock/axema/usersync", {}, format="json").status_code == 200


def test_webhook_receiver_that_never_answers_is_a_failed_attempt_after_the_timeout(
    world, client_for, monkeypatch
):
    assert webhook_services.DELIVERY_TIMEOUT == 15.0  # the documented production value
    monkeypatch.setattr(webhook_services, "DELIVERY_TIMEOUT", 0.5)
    with FaultProxy("127.0.0.1", world.receiver.port) as silent:
        silent.cut(BLACKHOLE)  # accepts the connection, never answers
        world.endpoint.url = f"http://{silent.address}/hook"
        world.endpoint.save(update_fields=["url"])
        started = time.monotonic()
        response = client_for(world.admin).put(
            f"/customers/{world.customer.pk}", customer_body(world, Firstname="Silent"), format="json"
        )
        elapsed = time.monotonic() - started  # the delivery ran eagerly after the commit
    assert response.status_code == 200
    assert elapsed < 0.5 + SLACK, f"the request took {elapsed:.1f} s"
    first, retry = WebhookMessageAttempt.objects.order_by("pk")
    assert (first.status, first.response_status_code) == (AttemptStatus.FAIL, None)
    assert retry.status == AttemptStatus.PENDING and retry.next_attempt_at > first.timestamp
    wire = client_for(world.admin).get(f"/webhook/endpoints/{world.endpoint.public_id}/attempts").json()
    assert [a["Status"] for a in wire["Attempts"]] == ["Pending", "Fail"]
    assert world.receiver.state.count() == 0


def test_slow_voss_leaves_the_usage_pending_within_the_timeout_then_bills_once(world, settings, client_for):
    settings.VOSS_HTTP_TIMEOUT = 0.5
    settings.VOSS_HTTP_ATTEMPTS = 2
    settings.VOSS_HTTP_BACKOFF = 0.05
    settings.VOSS_HTTP_MAX_BACKOFF = 0.05
    world.voss.state.inject("slow", times=2, delay=3)  # VOSS records, then answers too late
    started = time.monotonic()
    response = client_for(world.admin).post(
        "/voss/usage",
        {"CompanyId": str(world.company.pk), "ArticleNumber": "USAGE-DEV-HOUR", "Quantity": 2},
        format="json",
        HTTP_IDEMPOTENCY_KEY="slow-voss-1",
    )
    elapsed = time.monotonic() - started  # the submission ran eagerly after the commit
    assert response.status_code == 200, response.content
    assert elapsed < 2 * 0.5 + 0.05 + SLACK, f"the request took {elapsed:.1f} s"
    usage = VossUsage.objects.get()
    assert usage.status == VossUsage.Status.PENDING and usage.attempts == 1
    assert usage.last_error
    # VOSS is fast again: the next try (the sweep's, forced here) bills nothing twice.
    voss_usage_submit(usage_id=usage.pk, force=True)
    usage.refresh_from_db()
    assert usage.status == VossUsage.Status.SENT
    assert [row["quantity"] for row in world.voss.state.billed] == [2]
