"""Concurrent senders send a usage once (PostgreSQL row locks); a real worker sends after commit."""

import time

import pytest
from django.utils import timezone

from bokamera.testing.concurrency import run_in_threads
from integrations.voss.services import voss_usage_create, voss_usage_submit
from integrations.voss.tasks import resend_pending_voss_usage
from integrations.voss_models import VossUsage

pytestmark = pytest.mark.usefixtures("dev_hour")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_of_one_usage_send_once(company, voss):
    usage, _ = voss_usage_create(company=company, article_number="USAGE-DEV-HOUR", quantity=1)
    run_in_threads(lambda: voss_usage_submit(usage_id=usage.pk), 4)
    assert voss.state.requests == 1
    assert VossUsage.objects.get(pk=usage.pk).status == "Sent"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_send_each_usage_once(company, voss, settings):
    settings.VOSS_PENDING_STALE_AFTER = 0
    for n in range(20):
        voss_usage_create(
            company=company, article_number="USAGE-DEV-HOUR", quantity=1, idempotency_key=str(n)
        )
    run_in_threads(resend_pending_voss_usage, 4)
    assert voss.state.requests == 20
    assert set(VossUsage.objects.values_list("status", flat=True)) == {"Sent"}
    assert voss.state.billed_quantity() == 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_record_one_usage(company, voss_settings):
    run_in_threads(
        lambda: voss_usage_create(
            company=company, article_number="USAGE-DEV-HOUR", quantity=3, idempotency_key="same"
        ),
        4,
    )
    assert VossUsage.objects.count() == 1


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_usage_posted_to_the_api(admin_client, company, voss, celery_worker_on_redis):
    voss.state.inject("error", times=1)
    voss.state.inject("drop_after_commit")
    response = admin_client.post(
        "/voss/usage",
        {"CompanyId": str(company.pk), "ArticleNumber": "USAGE-DEV-HOUR", "Quantity": 4},
        format="json",
        headers={"Idempotency-Key": "worker-1"},
    )
    assert response.status_code == 200
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not VossUsage.objects.filter(status="Sent").exists():
        time.sleep(0.05)
    usage = VossUsage.objects.get()
    assert usage.status == "Sent"
    assert usage.sent_at <= timezone.now()
    assert voss.state.billed_quantity() == 4
    assert len(voss.state.billed) == 1
