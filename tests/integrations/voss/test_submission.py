"""Submission to VOSS loses nothing and bills once: outages, lost tasks, dropped answers, dead workers."""

import pytest
from django.core.management import call_command

from integrations.voss.client import VossClient
from integrations.voss.services import _claim, voss_usage_create, voss_usage_retry, voss_usage_submit
from integrations.voss.tasks import resend_pending_voss_usage, submit_voss_usage
from integrations.voss_models import VossUsage
from tests.integrations.voss.factories import VossProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dev_hour")]


@pytest.fixture
def no_delays(settings):
    """Retries are due at once, so a test can run the sweep right after a failure."""
    settings.VOSS_RETRY_BASE_DELAY = 0
    settings.VOSS_PENDING_STALE_AFTER = 0


def record(company, *, quantity=6, key="k-1", article="USAGE-DEV-HOUR"):
    usage, created = voss_usage_create(
        company=company, article_number=article, quantity=quantity, idempotency_key=key
    )
    assert created
    return usage


def reload(usage):
    return VossUsage.objects.get(pk=usage.pk)


def test_task_sends_and_records_sent(company, voss):
    usage = record(company)
    assert submit_voss_usage(str(usage.pk)) == "Sent"
    usage = reload(usage)
    assert (usage.status, usage.attempts, usage.voss_status_code, usage.last_error) == ("Sent", 1, 201, "")
    assert usage.sent_at is not None
    assert voss.state.billed_quantity() == 6


def test_task_is_idempotent(company, voss):
    usage = record(company)
    submit_voss_usage(str(usage.pk))
    assert submit_voss_usage(str(usage.pk)) is None
    assert resend_pending_voss_usage() == 0
    assert voss.state.requests == 1
    assert reload(usage).attempts == 1


def test_5xx_is_retried_with_backoff_within_one_task(company, voss):
    voss.state.inject("error", times=2, status=502)
    usage = record(company)
    submit_voss_usage(str(usage.pk))
    assert reload(usage).status == "Sent"
    assert voss.state.requests == 3
    assert voss.state.billed_quantity() == 6


@pytest.mark.usefixtures("no_delays")
def test_voss_down_then_up_bills_exactly_once(company, voss):
    voss.state.down = True
    usage = record(company)
    submit_voss_usage(str(usage.pk))
    usage = reload(usage)
    assert (usage.status, usage.attempts, usage.voss_status_code) == ("Pending", 1, 503)
    assert usage.voss_response == {"message": "VOSS is down."}
    assert "503" in usage.last_error
    resend_pending_voss_usage()  # still down: stays Pending
    assert reload(usage).attempts == 2

    voss.state.down = False
    assert resend_pending_voss_usage() == 1
    usage = reload(usage)
    assert (usage.status, usage.attempts) == ("Sent", 3)
    assert voss.state.billed_quantity() == 6
    assert len(voss.state.billed) == 1
    assert resend_pending_voss_usage() == 0


def test_answer_dropped_after_voss_recorded_it_is_billed_once(company, voss):
    """VOSS commits, then the connection dies: the retry with the same key gets the first result."""
    voss.state.inject("drop_after_commit")
    usage = record(company)
    submit_voss_usage(str(usage.pk))
    usage = reload(usage)
    assert usage.status == "Sent"
    assert voss.state.requests == 2
    assert len(voss.state.billed) == 1
    ((_, first_result),) = voss.state.results.values()
    assert usage.voss_response == first_result


@pytest.mark.usefixtures("no_delays")
def test_slow_answer_after_commit_then_resent_is_billed_once(company, voss, settings):
    settings.VOSS_HTTP_TIMEOUT = 0.3
    settings.VOSS_HTTP_ATTEMPTS = 1
    voss.state.inject("slow", delay=1.0)
    usage = record(company)
    submit_voss_usage(str(usage.pk))
    assert reload(usage).status == "Pending"  # timed out, though VOSS recorded it
    resend_pending_voss_usage()
    assert reload(usage).status == "Sent"
    assert len(voss.state.billed) == 1


def test_worker_dying_between_sending_and_recording_is_billed_once(company, voss_settings, voss, settings):
    """The worker claimed the row and VOSS billed it, then the worker died before recording.
    The row stays Pending; once its lease ends the sweep re-sends with the same key."""
    usage = record(company)
    claimed, _ = _claim(usage.pk, force=False)
    VossClient.for_settings(voss_settings).report_usage(  # what the dead worker had sent
        customer_id=voss_settings.customer_id,
        subscription_id=voss_settings.subscription_id,
        article_number=claimed.article_number,
        quantity=claimed.quantity,
        idempotency_key=claimed.voss_idempotency_key,
    )
    assert len(voss.state.billed) == 1
    # While the lease runs, neither the sweep nor a redelivered task sends it again.
    assert resend_pending_voss_usage() == 0
    assert submit_voss_usage(str(usage.pk)) is None
    assert voss.state.requests == 1

    settings.VOSS_SEND_LEASE = 0
    VossUsage.objects.filter(pk=usage.pk).update(next_attempt_at=claimed.last_attempt_at)  # lease over
    assert resend_pending_voss_usage() == 1
    usage = reload(usage)
    assert (usage.status, usage.attempts, usage.voss_status_code) == ("Sent", 2, 200)
    assert len(voss.state.billed) == 1
    assert voss.state.billed_quantity() == 6


@pytest.mark.usefixtures("no_delays")
def test_a_lost_task_is_sent_by_the_sweep(company, voss, django_capture_on_commit_callbacks):
    """The on-commit enqueue never reached a worker (broker down, process killed)."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        usage = record(company)
    assert len(callbacks) == 1  # the enqueue, dropped here
    assert reload(usage).attempts == 0
    assert resend_pending_voss_usage() == 1
    assert reload(usage).status == "Sent"
    assert len(voss.state.billed) == 1


def test_a_new_row_waits_for_its_own_task_before_the_sweep_takes_it(company, voss):
    record(company)
    assert resend_pending_voss_usage() == 0
    assert voss.state.requests == 0


def test_voss_4xx_fails_the_row_with_the_answer_kept_and_staff_can_retry(
    company, voss, django_capture_on_commit_callbacks
):
    VossProductFactory(company=company, article_number="LOCAL-ONLY", name="Not in VOSS")
    usage = record(company, article="LOCAL-ONLY")
    submit_voss_usage(str(usage.pk))
    usage = reload(usage)
    assert (usage.status, usage.voss_status_code) == ("Failed", 400)
    assert usage.voss_response == {"message": "Unknown article number 'LOCAL-ONLY'."}
    assert voss.state.requests == 1  # a 4xx is never retried
    assert resend_pending_voss_usage() == 0

    voss.state.products.append({"articleNumber": "LOCAL-ONLY", "name": "Now in VOSS", "price": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        assert voss_usage_retry(usage=usage) is True
    usage = reload(usage)
    assert (usage.status, usage.voss_status_code) == ("Sent", 201)
    assert voss_usage_retry(usage=usage) is False
    assert len(voss.state.billed) == 1


@pytest.mark.usefixtures("no_delays")
def test_gives_up_after_max_attempts(company, voss, settings):
    settings.VOSS_MAX_ATTEMPTS = 2
    voss.state.down = True
    usage = record(company)
    submit_voss_usage(str(usage.pk))
    assert reload(usage).status == "Pending"
    resend_pending_voss_usage()
    usage = reload(usage)
    assert (usage.status, usage.attempts) == ("Failed", 2)
    assert resend_pending_voss_usage() == 0


def test_unconfigured_company_keeps_rows_pending(company, voss_settings, voss):
    usage = record(company)
    voss_settings.enabled = False
    voss_settings.save()
    assert voss_usage_submit(usage_id=usage.pk) is None
    usage = reload(usage)
    assert (usage.status, usage.attempts) == ("Pending", 0)
    assert "not configured" in usage.last_error
    assert voss.state.requests == 0


def test_submit_pending_command_sends_everything_pending(company, voss, capsys):
    voss.state.down = True
    first = record(company, key="a")
    submit_voss_usage(str(first.pk))
    second = record(company, key="b", quantity=2)
    voss.state.down = False

    call_command("voss_submit_pending")  # neither is due yet
    assert "0 pending" in capsys.readouterr().out
    call_command("voss_submit_pending", "--all")
    assert "2 pending usage row(s): 2 Sent" in capsys.readouterr().out
    assert {reload(first).status, reload(second).status} == {"Sent"}
    assert voss.state.billed_quantity() == 8
