"""Fixtures of the Axema tests: a running Vaka simulator, settings that point at it, events."""

from __future__ import annotations

import pytest

from bokamera.events import domain_event
from integrations.axema.simulator import VakaSimulator, VakaState, make_persons
from integrations.axema_models import AxemaSettings


@pytest.fixture(autouse=True)
def _fast_axema(settings):
    settings.AXEMA_HTTP_BACKOFF = 0.01
    settings.AXEMA_HTTP_TIMEOUT = 2.0
    settings.AXEMA_HTTP_ATTEMPTS = 3
    settings.AXEMA_PAGE_SIZE = 2


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in-process unless the test starts a real worker (marked redis), so the suite
    behaves the same with and without CELERY_BROKER_URL."""
    from bokamera.celery import app

    if "redis" in request.keywords:
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def vaka():
    """A Vaka simulator with 5 persons (three pages of two)."""
    with VakaSimulator(VakaState(persons=make_persons(5))) as simulator:
        yield simulator


@pytest.fixture
def axema_settings(company, vaka) -> AxemaSettings:
    return AxemaSettings.objects.create(
        company=company,
        api_endpoint="http://127.0.0.1",
        port=vaka.port,
        username="vaka",
        password="vaka-secret",
    )


@pytest.fixture
def events():
    """Every domain event published during the test, as (event_type, company_id, payload)."""
    seen: list[tuple[str, str, dict]] = []

    def receiver(sender, *, company_id, event_type, payload, **kwargs):
        seen.append((event_type, company_id, payload))

    domain_event.connect(receiver, weak=False, dispatch_uid="axema-test-events")
    yield seen
    domain_event.disconnect(dispatch_uid="axema-test-events")
