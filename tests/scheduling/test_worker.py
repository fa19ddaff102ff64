"""A real Celery worker on Redis delivers the cancellation messages after commit; concurrent
runs of one message's task send it once (PostgreSQL row lock)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import override_settings

from bokamera.simulators import Simulator
from bokamera.testing.concurrency import wait_for
from scheduling.models import Notification, NotificationStatus
from scheduling.services import CollidingBookingOptions, CollisionPolicy, bookings_cancel_for_exception
from scheduling.simulator import SmsProviderHandler, new_state
from scheduling.tasks import send_notification
from tests.scheduling.factories import CustomerFactory, make_booking

CANCEL = CollisionPolicy(
    force=True,
    option=CollidingBookingOptions.ADD_AND_CANCEL_COLLIDING_BOOKINGS,
    cancel_message="Closed.",
    send_sms=True,
    send_email=True,
)


@pytest.fixture
def sms_provider():
    with (
        Simulator(SmsProviderHandler, state=new_state()) as simulator,
        override_settings(SMS_BACKEND="http", SMS_HTTP_URL=f"{simulator.url}/sms"),
    ):
        yield simulator


def _bookings(company, resource, count: int):
    return [
        make_booking(
            resources=[resource],
            start=dt.datetime(2026, 6, 1, 8 + index, tzinfo=dt.UTC),
            customer=CustomerFactory(company=company),
        )
        for index in range(count)
    ]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_each_message_once(company, resource, sms_provider, celery_worker_on_redis):
    bookings = _bookings(company, resource, 3)
    bookings_cancel_for_exception(company=company, bookings=bookings, time_exception=None, policy=CANCEL)
    assert wait_for(lambda: Notification.objects.filter(status=NotificationStatus.SENT).count() == 6), list(
        Notification.objects.values_list("status", "last_error")
    )
    assert len(sms_provider.state["messages"]) == 3
    assert len(mail.outbox) == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_of_one_message_send_it_once(
    company, resource, sms_provider, django_capture_on_commit_callbacks
):
    [booking] = _bookings(company, resource, 1)
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        bookings_cancel_for_exception(
            company=company,
            bookings=[booking],
            time_exception=None,
            policy=CollisionPolicy(**{**CANCEL.__dict__, "send_email": False}),
        )
    [sms] = Notification.objects.all()
    results = []

    def run():
        try:
            results.append(send_notification(sms.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [NotificationStatus.SENT] * 4
    assert len(sms_provider.state["messages"]) == 1
    assert sms_provider.state["requests"] == 1  # the row lock, not the provider's dedup, kept it to one
