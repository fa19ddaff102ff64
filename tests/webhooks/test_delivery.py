"""Domain event -> outbox -> signed POST to a real loopback receiver, retries, disabling, resend."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from bokamera.events import publish_event
from webhooks import services
from webhooks.models import AttemptStatus, TriggerType, WebhookMessage, WebhookMessageAttempt

from .factories import EndpointFactory

pytestmark = pytest.mark.django_db


def _publish(company, event_type="customer.updated", payload=None, capture=None):
    with capture(execute=True), transaction.atomic():
        return publish_event(company_id=company.pk, event_type=event_type, payload=payload or {"Id": 7})


def _attempts(endpoint):
    return list(WebhookMessageAttempt.objects.filter(endpoint=endpoint).order_by("id"))


def test_event_is_delivered_signed_after_commit(company, receiver, django_capture_on_commit_callbacks):
    endpoint = EndpointFactory(company=company, url=f"{receiver.url}/hook")
    receiver.state.secret = endpoint.secret
    event_id = _publish(
        company, payload={"Id": 7, "Firstname": "Ada"}, capture=django_capture_on_commit_callbacks
    )

    message = WebhookMessage.objects.get()
    assert (message.event_id, message.event_type) == (event_id, "customer.updated")
    [hit] = receiver.state.received
    assert hit["verified"] is True, hit["error"]
    assert hit["path"] == "/hook"
    assert hit["headers"]["webhook-id"] == message.public_id
    assert hit["headers"]["webhook-signature"].startswith("v1,")
    assert hit["headers"]["content-type"] == "application/json"
    import json

    body = json.loads(hit["body"])
    assert body["type"] == "customer.updated"
    assert body["data"] == {"Id": 7, "Firstname": "Ada"}
    [attempt] = _attempts(endpoint)
    assert attempt.status == AttemptStatus.SUCCESS
    assert attempt.response_status_code == 200
    assert attempt.trigger_type == TriggerType.SCHEDULED
    assert attempt.duration_ms is not None
    assert attempt.next_attempt_at is None


def test_nothing_is_stored_or_sent_before_commit_or_on_rollback(company, receiver):
    EndpointFactory(company=company, url=receiver.url)
    with pytest.raises(RuntimeError), transaction.atomic():
        publish_event(company_id=company.pk, event_type="customer.updated", payload={})
        assert WebhookMessageAttempt.objects.filter(status=AttemptStatus.PENDING).count() == 1
        raise RuntimeError("rolled back")
    assert not WebhookMessage.objects.exists()
    assert receiver.state.received == []


def test_only_enabled_subscribed_endpoints_of_the_company_get_a_delivery(
    company, other_company, receiver, django_capture_on_commit_callbacks
):
    wanted = EndpointFactory(
        company=company, url=receiver.url, event_types=["booking.canceled", "customer.updated"]
    )
    EndpointFactory(company=company, url=receiver.url, event_types=["booking.canceled"])
    EndpointFactory(company=company, url=receiver.url, disabled=True)
    EndpointFactory(company=other_company, url=receiver.url)
    _publish(company, capture=django_capture_on_commit_callbacks)
    assert [a.endpoint_id for a in WebhookMessageAttempt.objects.all()] == [wanted.pk]
    assert len(receiver.state.received) == 1


def test_an_event_nobody_listens_to_stores_nothing(company, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        publish_event(company_id=company.pk, event_type="voss.usage.created", payload={})
    assert not WebhookMessage.objects.exists()


def test_the_same_event_id_is_stored_once(company, receiver, django_capture_on_commit_callbacks):
    EndpointFactory(company=company, url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            services.message_create(
                company_id=company.pk, event_type="customer.updated", payload={}, event_id="evt_1"
            )
    assert WebhookMessage.objects.count() == 1
    assert WebhookMessageAttempt.objects.count() == 1


def test_500_then_200_records_both_attempts_in_order(company, receiver, django_capture_on_commit_callbacks):
    endpoint = EndpointFactory(company=company, url=receiver.url)
    receiver.state.secret = endpoint.secret
    receiver.state.script = [500, 200]
    before = timezone.now()
    _publish(company, capture=django_capture_on_commit_callbacks)

    failed, pending = _attempts(endpoint)
    assert (failed.status, failed.response_status_code, failed.attempt_number) == (AttemptStatus.FAIL, 500, 1)
    assert (pending.status, pending.attempt_number) == (AttemptStatus.PENDING, 2)
    delay = pending.next_attempt_at - before
    assert dt.timedelta(seconds=5) <= delay < dt.timedelta(seconds=8)
    # Not due yet: the sweep leaves it alone.
    assert services.attempts_sweep() == 0
    assert services.attempts_sweep(now=pending.next_attempt_at) == 1

    failed, succeeded = _attempts(endpoint)
    assert (succeeded.status, succeeded.response_status_code) == (AttemptStatus.SUCCESS, 200)
    assert [hit["status"] for hit in receiver.state.received] == [500, 200]
    assert all(hit["verified"] for hit in receiver.state.received)
    # Same webhook-id on the retry, so a receiver can deduplicate.
    ids = {hit["headers"]["webhook-id"] for hit in receiver.state.received}
    assert ids == {failed.message.public_id}
    endpoint.refresh_from_db()
    assert endpoint.failing_since is None


def test_retries_follow_svix_schedule_then_fail(company, receiver, django_capture_on_commit_callbacks):
    endpoint = EndpointFactory(company=company, url=receiver.url)
    receiver.state.script = [503] * 20
    _publish(company, capture=django_capture_on_commit_callbacks)
    delays = []
    for _ in range(10):
        pending = WebhookMessageAttempt.objects.filter(status=AttemptStatus.PENDING).first()
        if pending is None:
            break
        previous = WebhookMessageAttempt.objects.filter(endpoint=endpoint).exclude(pk=pending.pk).latest("id")
        delays.append(round((pending.next_attempt_at - previous.timestamp).total_seconds()))
        services.attempts_sweep(now=pending.next_attempt_at)
    attempts = _attempts(endpoint)
    assert len(attempts) == 8
    assert [a.status for a in attempts] == [AttemptStatus.FAIL] * 8
    assert [a.attempt_number for a in attempts] == list(range(1, 9))
    assert delays == [5, 300, 1800, 7200, 18000, 36000, 36000]
    assert len(receiver.state.received) == 8


def test_network_error_is_a_failed_attempt_without_status_code(company, django_capture_on_commit_callbacks):
    endpoint = EndpointFactory(company=company, url="http://127.0.0.1:9/closed")
    _publish(company, capture=django_capture_on_commit_callbacks)
    failed, pending = _attempts(endpoint)
    assert failed.status == AttemptStatus.FAIL
    assert failed.response_status_code is None
    assert failed.response_body
    assert pending.status == AttemptStatus.PENDING


def test_endpoint_failing_for_five_days_is_disabled(company, receiver, django_capture_on_commit_callbacks):
    endpoint = EndpointFactory(company=company, url=receiver.url)
    endpoint.failing_since = timezone.now() - dt.timedelta(days=5, seconds=1)
    endpoint.save()
    receiver.state.script = [500]
    _publish(company, capture=django_capture_on_commit_callbacks)
    endpoint.refresh_from_db()
    assert endpoint.disabled is True
    [attempt] = _attempts(endpoint)  # no retry is scheduled for a disabled endpoint
    assert attempt.status == AttemptStatus.FAIL


def test_failure_younger_than_five_days_keeps_the_endpoint(
    company, receiver, django_capture_on_commit_callbacks
):
    endpoint = EndpointFactory(company=company, url=receiver.url)
    endpoint.failing_since = timezone.now() - dt.timedelta(days=4, hours=23)
    endpoint.save()
    receiver.state.script = [500]
    _publish(company, capture=django_capture_on_commit_callbacks)
    endpoint.refresh_from_db()
    assert endpoint.disabled is False


def test_a_pending_attempt_of_a_disabled_endpoint_fails_without_sending(company, receiver):
    endpoint = EndpointFactory(company=company, url=receiver.url)
    with transaction.atomic():
        services.message_create(
            company_id=company.pk, event_type="customer.updated", payload={}, event_id="e1"
        )
    endpoint.disabled = True
    endpoint.save()
    services.attempts_sweep()
    [attempt] = _attempts(endpoint)
    assert attempt.status == AttemptStatus.FAIL
    assert receiver.state.received == []


def test_an_attempt_is_delivered_once_however_often_it_is_run(company, receiver):
    endpoint = EndpointFactory(company=company, url=receiver.url)
    services.message_create(company_id=company.pk, event_type="customer.updated", payload={}, event_id="e1")
    [attempt] = _attempts(endpoint)
    assert services.attempt_deliver(attempt_id=attempt.pk) is not None
    assert services.attempt_deliver(attempt_id=attempt.pk) is None
    assert services.attempts_sweep() == 0
    assert len(receiver.state.received) == 1


def test_a_stale_claim_by_the_sweep_is_ignored(company, receiver):
    endpoint = EndpointFactory(company=company, url=receiver.url)
    services.message_create(company_id=company.pk, event_type="customer.updated", payload={}, event_id="e1")
    [attempt] = _attempts(endpoint)
    attempt.status = AttemptStatus.SENDING
    attempt.claimed_at = timezone.now()
    attempt.save()
    assert services.attempt_deliver(attempt_id=attempt.pk, claimed_at="2000-01-01T00:00:00+00:00") is None
    assert receiver.state.received == []


def test_sweep_resends_attempts_whose_worker_was_lost(company, receiver):
    endpoint = EndpointFactory(company=company, url=receiver.url)
    services.message_create(company_id=company.pk, event_type="customer.updated", payload={}, event_id="e1")
    [attempt] = _attempts(endpoint)
    attempt.status = AttemptStatus.SENDING
    attempt.claimed_at = timezone.now() - dt.timedelta(minutes=3)
    attempt.save()
    assert services.attempts_sweep() == 1
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCESS
    assert len(receiver.state.received) == 1


def test_lost_enqueue_is_delivered_by_the_sweep(company, receiver):
    """The outbox row survives a lost task (here: no on-commit callback ran at all)."""
    endpoint = EndpointFactory(company=company, url=receiver.url)
    with transaction.atomic():
        publish_event(company_id=company.pk, event_type="customer.updated", payload={})
    assert receiver.state.received == []
    assert services.attempts_sweep() == 1
    assert _attempts(endpoint)[0].status == AttemptStatus.SUCCESS


def test_rotated_secret_signs_the_next_attempt(company, receiver, django_capture_on_commit_callbacks):
    endpoint = EndpointFactory(company=company, url=receiver.url)
    services.endpoint_rotate_secret(endpoint=endpoint)
    receiver.state.secret = endpoint.secret
    _publish(company, capture=django_capture_on_commit_callbacks)
    assert receiver.state.received[0]["verified"] is True


def test_resend_makes_one_manual_attempt(admin_client, company, receiver, django_capture_on_commit_callbacks):
    endpoint = EndpointFactory(company=company, url=receiver.url)
    receiver.state.script = [200, 500]
    _publish(company, capture=django_capture_on_commit_callbacks)
    message = WebhookMessage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/webhook/messages/{message.public_id}/endpoints/{endpoint.public_id}/resend"
        )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["TriggerType"] == "Manual"
    assert body["MessageId"] == message.public_id
    assert body["EndpointId"] == endpoint.public_id
    manual = WebhookMessageAttempt.objects.get(public_id=body["Id"])
    assert (manual.status, manual.response_status_code) == (AttemptStatus.FAIL, 500)
    # A failed manual attempt is not retried.
    assert not WebhookMessageAttempt.objects.filter(status=AttemptStatus.PENDING).exists()


def test_resend_of_another_companys_message_is_not_found(admin_client, company, other_company):
    endpoint = EndpointFactory(company=company)
    foreign = EndpointFactory(company=other_company)
    message = services.message_create(
        company_id=other_company.pk, event_type="customer.updated", payload={}, event_id="x"
    )
    assert foreign.attempts.count() == 1
    response = admin_client.post(
        f"/webhook/messages/{message.public_id}/endpoints/{endpoint.public_id}/resend"
    )
    assert response.status_code == 404
    assert WebhookMessageAttempt.objects.count() == 1
