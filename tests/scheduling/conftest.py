from __future__ import annotations

import pytest
from django.dispatch import receiver

from bokamera.events import domain_event
from bokamera.testing.broker import eager_tasks
from tests.scheduling.factories import ResourceFactory


@pytest.fixture(autouse=True)
def _eager_tasks():
    """Tasks run in-process even when CELERY_BROKER_URL is set (the worker tests switch it off)."""
    with eager_tasks():
        yield


@pytest.fixture
def resource(company):
    return ResourceFactory(company=company, name="Anna", description="Hairdresser", color="#FF0000")


@pytest.fixture
def events():
    """Domain events published during the test, as (event_type, payload)."""
    seen: list[tuple[str, dict]] = []

    @receiver(domain_event, weak=False)
    def collect(sender, event_type, payload, **kwargs):
        seen.append((event_type, payload))

    yield seen
    domain_event.disconnect(collect)
