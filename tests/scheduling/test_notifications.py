"""The cancellation messages' outbox: SMS over HTTP to the simulator, retries, the sweep, once-only."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from bokamera.http import RetryPolicy
from bokamera.simulators import Simulator
from scheduling.models import Notification, NotificationStatus
from scheduling.notifications import ConsoleSmsBackend, DeliveryError, HttpSmsBackend
from scheduling.services import CollidingBookingOptions, CollisionPolicy, bookings_cancel_for_exception
from scheduling.simulator import SmsProviderHandler, new_state
from scheduling.tasks import send_notification, sweep_notifications
from tests.scheduling.factories import CustomerFactory, make_booking

pytestmark = pytest.mark.django_db
FAST = RetryPolicy(attempts=3, backoff=0.01)
CANCEL = CollisionPolicy(
    force=True,
    option=CollidingBookingOptions.ADD_AND_CANCEL_COLLIDING_BOOKINGS,
    cancel_message="Closed today.",
    send_sms=True,
    send_email=True,
)


@pytest.fixture
def sms_provider():
    with Simulator(SmsProviderHandler, state=new_state(token="secret")) as simulator:
        yield simulator


@pytest.fixture
def http_sms(sms_provider):
    with override_settings(
        SMS_BACKEND="http", SMS_HTTP_URL=f"{sms_provider.url}/sms", SMS_HTTP_TOKEN="secret"
    ):
        yield sms_provider


def cancel_one(company, resource, *, phone="+46701112233", execute=True, capture=None):
    customer = CustomerFactory(company=company, phone=phone)
    booking = make_booking(
        resources=[resource], start=dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), customer=customer
    )
    with capture(execute=execute):
        bookings_cancel_for_exception(company=company, bookings=[booking], time_exception=None, policy=CANCEL)
    return booking


def test_sms_goes_to_the_http_provider_once(company, resource, http_sms, django_capture_on_commit_callbacks):
    booking = cancel_one(company, resource, capture=django_capture_on_commit_callbacks)
    sms = Notification.objects.get(channel="sms")
    assert sms.status == NotificationStatus.SENT and sms.attempts == 1
    assert http_sms.state["messages"] == [
        {
            "key": f"notification-{sms.pk}",
            "to": "+46701112233",
            "from": "BokaMera",
            "message": "Closed today.",
        }
    ]
    assert [m.to for m in mail.outbox] == [[booking.customer.email]]
    # A second run of the task (a redelivered message) sends nothing.
    send_notification(sms.pk)
    assert len(http_sms.state["messages"]) == 1


def test_provider_outage_is_retried_then_left_for_the_sweep(
    company, resource, http_sms, django_capture_on_commit_callbacks
):
    http_sms.state["fail_next"] = 10  # more than the client's own retries
    cancel_one(company, resource, capture=django_capture_on_commit_callbacks)
    sms = Notification.objects.get(channel="sms")
    assert sms.status == NotificationStatus.PENDING
    assert sms.attempts == 1 and "503" in sms.last_error
    assert sms.next_attempt_at > timezone.now()
    assert http_sms.state["messages"] == []

    # The provider is back; the sweep picks the row up when its retry time comes.
    http_sms.state["fail_next"] = 0
    assert sweep_notifications() == 0
    Notification.objects.filter(pk=sms.pk).update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    assert sweep_notifications() == 1
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (NotificationStatus.SENT, 2)
    assert len(http_sms.state["messages"]) == 1
    assert sweep_notifications() == 0


def test_a_refused_number_fails_without_retrying(
    company, resource, http_sms, django_capture_on_commit_callbacks
):
    cancel_one(company, resource, phone="not-a-number", capture=django_capture_on_commit_callbacks)
    sms = Notification.objects.get(channel="sms")
    assert sms.status == NotificationStatus.FAILED
    assert sms.next_attempt_at is None and "400" in sms.last_error
    assert http_sms.state["requests"] == 1


def test_a_lost_enqueue_loses_nothing_and_the_sweep_sends_once(
    company, resource, django_capture_on_commit_callbacks, capsys
):
    # The after-commit enqueue never ran (a broker outage): the rows wait in the outbox.
    cancel_one(company, resource, execute=False, capture=django_capture_on_commit_callbacks)
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.PENDING}
    assert mail.outbox == []
    Notification.objects.update(created=timezone.now() - dt.timedelta(minutes=5))
    assert sweep_notifications() == 2
    assert sweep_notifications() == 0
    assert len(mail.outbox) == 1
    assert capsys.readouterr().out.count("Closed today.") == 1


def test_http_backend_client_against_the_simulator(sms_provider):
    backend = HttpSmsBackend(url=f"{sms_provider.url}/sms", token="secret", sender="Acme", policy=FAST)
    sms_provider.state["fail_next"] = 2
    backend.send(to="+4670", message="Hi", idempotency_key="k1")
    backend.send(to="+4670", message="Hi", idempotency_key="k1")  # a retry of the same message
    assert [m["key"] for m in sms_provider.state["messages"]] == ["k1"]
    assert sms_provider.state["requests"] == 4
    with pytest.raises(DeliveryError) as refused:
        HttpSmsBackend(url=f"{sms_provider.url}/sms", token="wrong", policy=FAST).send(
            to="+4670", message="Hi", idempotency_key="k2"
        )
    assert refused.value.permanent
    sms_provider.state["fail_next"] = 5
    with pytest.raises(DeliveryError) as outage:
        backend.send(to="+4670", message="Hi", idempotency_key="k3")
    assert not outage.value.permanent


def test_console_backend_prints():
    stream = io.StringIO()
    ConsoleSmsBackend(stream).send(to="+4670", message="Hello", idempotency_key="k")
    assert stream.getvalue() == "SMS from BokaMera to +4670 [k]: Hello\n"
