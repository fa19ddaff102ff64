"""Two workers never send the same attempt (PostgreSQL row locks), and a real Celery worker delivers."""

import pytest
from django.db import connection, transaction
from django.utils import timezone

from bokamera.events import publish_event
from bokamera.testing.concurrency import run_in_threads, wait_for
from webhooks import services
from webhooks.models import AttemptStatus, WebhookEndpoint, WebhookMessageAttempt

from .factories import AttemptFactory, EndpointFactory


def _pending(endpoint, count):
    return AttemptFactory.create_batch(
        count,
        endpoint=endpoint,
        status=AttemptStatus.PENDING,
        response_status_code=None,
        next_attempt_at=timezone.now(),
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_send_each_attempt_once(company, receiver):
    endpoint = EndpointFactory(company=company, url=receiver.url)
    _pending(endpoint, 30)
    run_in_threads(services.attempts_sweep, 4)
    assert receiver.state.count() == 30
    statuses = set(WebhookMessageAttempt.objects.filter(endpoint=endpoint).values_list("status", flat=True))
    assert statuses == {AttemptStatus.SUCCESS}
    ids = [hit["headers"]["webhook-id"] for hit in receiver.state.received]
    assert len(set(ids)) == 30


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_of_one_attempt_send_once(company, receiver):
    [attempt] = _pending(EndpointFactory(company=company, url=receiver.url), 1)
    run_in_threads(lambda: services.attempt_deliver(attempt_id=attempt.pk), 4)
    assert receiver.state.count() == 1


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_and_retries(company, receiver, celery_worker_on_redis):
    endpoint = EndpointFactory(company=company, url=receiver.url)
    receiver.state.secret = endpoint.secret
    receiver.state.script = [500, 200]
    with transaction.atomic():
        publish_event(
            company_id=company.pk, event_type="booking.canceled", payload={"Id": 1}
        )  # not subscribed
        publish_event(company_id=company.pk, event_type="customer.updated", payload={"Id": 2})
    assert wait_for(lambda: WebhookMessageAttempt.objects.filter(status=AttemptStatus.FAIL).exists())
    pending = WebhookMessageAttempt.objects.get(status=AttemptStatus.PENDING)
    assert services.attempts_sweep(now=pending.next_attempt_at) == 1
    assert wait_for(lambda: WebhookMessageAttempt.objects.filter(status=AttemptStatus.SUCCESS).exists())
    statuses = list(WebhookMessageAttempt.objects.order_by("id").values_list("status", flat=True))
    assert statuses == [AttemptStatus.FAIL, AttemptStatus.SUCCESS]
    assert [hit["verified"] for hit in receiver.state.received] == [True, True]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_endpoint_deleted_while_its_attempt_is_in_flight(company, receiver):
    endpoint = EndpointFactory(company=company, url=receiver.url)
    [attempt] = _pending(endpoint, 1)

    def delete_endpoint():
        try:
            WebhookEndpoint.objects.filter(pk=endpoint.pk).delete()
        finally:
            connection.close()

    receiver.state.before_answer = delete_endpoint
    receiver.state.script = [500]
    services.attempt_deliver(attempt_id=attempt.pk)  # records nothing, schedules nothing, raises nothing
    assert receiver.state.count() == 1
    assert not WebhookMessageAttempt.objects.exists()
