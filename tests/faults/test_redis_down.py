"""Redis (the Celery broker) unreachable while requests enqueue work: every request answers
cleanly and fast, and once Redis is back the periodic sweeps deliver each piece of work once."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.db import connection

from bokamera.testing.broker import use_broker
from bokamera.testing.faultproxy import BLACKHOLE, FaultProxy
from integrations.axema.tasks import axema_reap_task
from integrations.voss.tasks import resend_pending_voss_usage
from integrations.voss_models import VossUsage
from scheduling.models import Notification, NotificationStatus
from scheduling.tasks import sweep_notifications
from webhooks.models import AttemptStatus, WebhookMessageAttempt
from webhooks.tasks import sweep_attempts

from .conftest import cancel_exception_body, customer_body, wait_until, worker_env

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

# settings.CELERY_TASK_PUBLISH_RETRY_POLICY: one retry 0.2 s later; a refused connection fails at
# once. The bound leaves room for a busy 2-core CI machine.
PUBLISH_BOUND = 3.0
EVENTS = 3  # customer.updated, booking.canceled, timeexception.created


def run_sweeps() -> None:
    """Every beat task of the apps' schedule.py files that re-sends lost work."""
    resend_pending_voss_usage()
    sweep_attempts()
    sweep_notifications()
    axema_reap_task()


def enqueueing_requests(client, world) -> list[tuple[str, float, object]]:
    timed = []
    for name, call in [
        (
            "POST /voss/usage",
            lambda: client.post(
                "/voss/usage",
                {"CompanyId": str(world.company.pk), "ArticleNumber": "USAGE-DEV-HOUR", "Quantity": 3},
                format="json",
                HTTP_IDEMPOTENCY_KEY="redis-down-1",
            ),
        ),
        (
            "PUT /customers/{Id}",
            lambda: client.put(
                f"/customers/{world.customer.pk}", customer_body(world, Firstname="Annie"), format="json"
            ),
        ),
        (
            "POST /timeexceptions",
            lambda: client.post("/timeexceptions", cancel_exception_body(world), format="json"),
        ),
    ]:
        started = time.monotonic()
        response = call()
        timed.append((name, time.monotonic() - started, response))
    return timed


def test_redis_down_requests_answer_and_sweeps_deliver_once(
    world, redis_server, *, workers, client_for, settings, monkeypatch
):
    # The sweeps re-send a VOSS row once its on-commit task is presumed lost (120 s by default):
    # here at once, standing in for the two minutes of a real outage.
    settings.VOSS_PENDING_STALE_AFTER = 0
    client = client_for(world.admin)
    with FaultProxy("127.0.0.1", redis_server.port) as proxy, use_broker(f"redis://{proxy.address}/3"):
        proxy.cut()
        for name, elapsed, response in enqueueing_requests(client, world):
            assert response.status_code == 200, (name, response.content)
            assert elapsed < PUBLISH_BOUND, f"{name} took {elapsed:.2f} s with Redis down"
        # The beat itself keeps running during the outage: the sweeps must not fail or lose rows.
        run_sweeps()
        time.sleep(0.5)
        assert world.voss.state.billed == [] and world.receiver.state.count() == 0
        assert world.sms_messages == []

        proxy.restore()
        worker = workers(f"redis://{proxy.address}/3", **worker_env(world))
        # A sweep during the outage left its claimed attempts `Sending`; their lease is 2 minutes.
        # Time passes: every outbox row is now due.
        monkeypatch.setattr("webhooks.services.SENDING_LEASE", dt.timedelta(0))
        monkeypatch.setattr("scheduling.services.STALE_AFTER", dt.timedelta(0))
        run_sweeps()
        monkeypatch.undo()  # back to the real leases: a second sweep must not send anything again

        wait_until(lambda: len(world.voss.state.billed) == 1, timeout=30, what="VOSS billed")
        wait_until(lambda: world.receiver.state.count() >= EVENTS, timeout=30, what="webhooks")
        wait_until(lambda: len(world.sms_messages) == 1, timeout=30, what="SMS")
        wait_until(lambda: VossUsage.objects.filter(status=VossUsage.Status.SENT).count() == 1, timeout=10)
        run_sweeps()
        time.sleep(3)  # anything sent twice would arrive now
        worker.stop()

    assert [row["quantity"] for row in world.voss.state.billed] == [3]
    assert world.voss.state.requests == 1
    assert world.receiver.state.count() == EVENTS
    ids = [request["headers"]["webhook-id"] for request in world.receiver.state.received]
    assert len(set(ids)) == EVENTS and all(r["verified"] for r in world.receiver.state.received)
    assert (
        sorted(WebhookMessageAttempt.objects.values_list("status", flat=True))
        == [AttemptStatus.SUCCESS] * EVENTS
    )
    assert [m["to"] for m in world.sms_messages] == ["+46701234567"]
    assert list(Notification.objects.values_list("status", flat=True)) == [NotificationStatus.SENT]


def test_redis_partitioned_request_still_answers_within_bound(world, redis_server, client_for):
    """A partition (packets vanish, nothing refuses) must not hang a request either."""
    import threading

    client = client_for(world.admin)
    with FaultProxy("127.0.0.1", redis_server.port) as proxy, use_broker(f"redis://{proxy.address}/3"):
        proxy.cut(BLACKHOLE)
        result: dict = {}

        def call() -> None:
            started = time.monotonic()
            try:
                result["response"] = client.put(
                    f"/customers/{world.customer.pk}",
                    customer_body(world, Firstname="Partition"),
                    format="json",
                )
            finally:
                result["elapsed"] = time.monotonic() - started
                connection.close()  # this thread's own connection: the test database is dropped later

        thread = threading.Thread(target=call, daemon=True)
        thread.start()
        thread.join(timeout=10)
        hung = thread.is_alive()
        proxy.restore()  # resets the held connections: a hung publish ends now
        thread.join(timeout=10)
    assert not hung, "PUT /customers hung for more than 10 s while Redis was partitioned"
    assert result["response"].status_code == 200
