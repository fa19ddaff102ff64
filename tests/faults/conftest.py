"""Fixtures of the fault tests: a private redis-server, fault proxies, subprocess workers and
servers, the loopback simulators, and one company with something to do in every app."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from bokamera.roles import ADMIN_WRITE
from bokamera.simulators import Simulator
from bokamera.testing.processes import Managed, app_env, database_url, start_celery_worker
from bokamera.testing.redisserver import RedisServer, redis_server_available
from customers.models import Customer
from integrations.axema.services import axema_settings_save
from integrations.axema.simulator import VakaSimulator, VakaState, make_persons
from integrations.voss.simulator import VossSimulator
from integrations.voss_models import VossProduct, VossSettings
from scheduling.models import Resource
from scheduling.services import booking_create
from scheduling.simulator import SmsProviderHandler, new_state
from tests.factories import CompanyFactory, UserFactory
from webhooks.services import endpoint_create
from webhooks.simulator import start_receiver

VOSS_KEY = "fault-voss-key"
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def pytest_collection_modifyitems(config, items):
    if redis_server_available():
        return
    skip = pytest.mark.skip(reason="needs the redis-server binary (a private server is started)")
    here = Path(__file__).parent
    for item in items:  # this hook sees every collected test: only ours need the binary
        if "redis" in item.keywords and here in Path(item.path).parents:
            item.add_marker(skip)


def wait_until(predicate: Callable[[], Any], *, timeout: float, interval: float = 0.1, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {timeout} s: {what or predicate}")
        time.sleep(interval)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    with RedisServer() as server:
        yield server


@pytest.fixture
def test_database_url(transactional_db) -> str:
    return database_url(connection.settings_dict)


@pytest.fixture
def workers(test_database_url) -> Iterator[Callable[..., Managed]]:
    """workers(broker_url, overrides={...}, **env) starts a `celery -A bokamera worker` subprocess
    on this run's test database; every one started is stopped after the test."""
    started: list[Managed] = []

    def start(broker_url: str, overrides: dict[str, Any] | None = None, **env: str) -> Managed:
        worker = start_celery_worker(
            app_env(database_url=test_database_url, broker_url=broker_url, overrides=overrides, **env)
        )
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
        print(f"--- worker log ---\n{worker.log()[-4000:]}")  # pytest shows it when the test failed
        worker.log_path.unlink(missing_ok=True)


@dataclass
class World:
    company: Any
    admin: Any
    customer: Customer
    resource: Resource
    booking: Any
    endpoint: Any
    voss: VossSimulator
    receiver: Simulator
    sms: Simulator
    vaka: VakaSimulator

    @property
    def sms_messages(self) -> list[dict]:
        return list(self.sms.state["messages"])


@pytest.fixture
def world(transactional_db, settings, client_for) -> Iterator[World]:
    """One company with VOSS, Axema and a webhook endpoint configured against loopback simulators,
    a customer, and a booking that a time exception can collide with."""
    company = CompanyFactory(name="Fault Salon")
    admin = UserFactory(username="fault-admin", roles=[(ADMIN_WRITE, company)])
    with contextlib.ExitStack() as stack:
        voss = stack.enter_context(VossSimulator(api_key=VOSS_KEY))
        vaka = stack.enter_context(VakaSimulator(VakaState(persons=make_persons(10))))
        sms = stack.enter_context(Simulator(SmsProviderHandler, state=new_state()))
        VossSettings.objects.create(
            company=company,
            api_base_url=voss.url,
            api_key=VOSS_KEY,
            customer_id="fault-customer",
            subscription_id="fault-subscription",
        )
        VossProduct.objects.create(
            company=company,
            article_number="USAGE-DEV-HOUR",
            name="Developer hour",
            product_type=VossProduct.ProductType.USAGE,
        )
        axema_settings_save(company=company, api_endpoint=vaka.url, username="vaka", password="vaka-secret")
        endpoint = endpoint_create(
            company=company,
            url="http://127.0.0.1:1/hook",
            event_types=["customer.updated", "booking.canceled", "timeexception.created"],
        )
        receiver = start_receiver(secret=endpoint.secret)
        stack.callback(receiver.stop)
        endpoint.url = f"{receiver.url}/hook"
        endpoint.save(update_fields=["url"])
        customer = Customer.objects.create(
            company=company, firstname="Anna", lastname="Berg", email="anna@example.com", phone="+46701234567"
        )
        resource = Resource.objects.create(company=company, name="Chair 1")
        start = dt.datetime(2030, 6, 3, 10, tzinfo=STOCKHOLM)  # a Monday
        booking = booking_create(
            company=company,
            resources=[resource],
            start=start,
            end=start + dt.timedelta(hours=1),
            customer=customer,
        )
        settings.SMS_BACKEND = "http"
        settings.SMS_HTTP_URL = f"{sms.url}/sms"
        yield World(company, admin, customer, resource, booking, endpoint, voss, receiver, sms, vaka)


def customer_body(world: World, **changes: Any) -> dict[str, Any]:
    body = {"Firstname": "Anna", "Lastname": "Berg", "Email": "anna@example.com", "Phone": "+46701234567"}
    body.update(changes)
    return body


def cancel_exception_body(world: World) -> dict[str, Any]:
    """A time exception over the booking, forcing its cancellation with an SMS to the customer."""
    return {
        "From": "2030-06-03T00:00:00",
        "To": "2030-06-03",
        "ResourceIds": [world.resource.pk],
        "FromTime": "PT9H",
        "ToTime": "PT12H",
        "ReasonText": "Burst pipe",
        "Force": True,
        "CollidingBookingOptions": "AddAndCancelCollidingBookings",
        "CancelMessage": "Sorry, closed.",
        "SendEmailConfirmation": False,
        "SendSmsConfirmation": True,
    }


def worker_env(world: World) -> dict[str, str]:
    return {"SMS_BACKEND": "http", "SMS_HTTP_URL": f"{world.sms.url}/sms"}
