"""A VOSS simulator per test, with each company's settings pointing at it, and fast retries."""

import pytest

from bokamera.events import domain_event
from bokamera.testing.broker import eager_tasks
from integrations.voss.simulator import VossSimulator
from tests.integrations.voss.factories import VossProductFactory, VossSettingsFactory

API_KEY = "secret-voss-key"


@pytest.fixture(autouse=True)
def _fast_voss(settings):
    settings.VOSS_HTTP_BACKOFF = 0.01
    settings.VOSS_HTTP_MAX_BACKOFF = 0.02
    settings.VOSS_HTTP_ATTEMPTS = 3
    settings.VOSS_HTTP_TIMEOUT = 2.0


@pytest.fixture(autouse=True)
def _eager_tasks():
    """Tasks run in-process even when CELERY_BROKER_URL is set (the real-worker test turns it off)."""
    with eager_tasks():
        yield


@pytest.fixture
def voss():
    with VossSimulator(api_key=API_KEY) as simulator:
        yield simulator


@pytest.fixture
def voss_settings(company, voss):
    return VossSettingsFactory(
        company=company, api_base_url=voss.url, api_key=API_KEY, customer_id="cust-acme"
    )


@pytest.fixture
def other_voss_settings(other_company, voss):
    return VossSettingsFactory(
        company=other_company, api_base_url=voss.url, api_key=API_KEY, customer_id="cust-other"
    )


@pytest.fixture
def dev_hour(company, voss_settings):
    """An article VOSS knows (the simulator's default catalogue)."""
    return VossProductFactory(company=company, article_number="USAGE-DEV-HOUR", name="Developer hour")


@pytest.fixture
def events():
    """Domain events published during the test: [(event_type, company_id, payload)]."""
    seen = []

    def receiver(sender, company_id, event_type, payload, **kwargs):
        if event_type.startswith("voss."):
            seen.append((event_type, company_id, payload))

    domain_event.connect(receiver, weak=False, dispatch_uid="voss-test-events")
    yield seen
    domain_event.disconnect(dispatch_uid="voss-test-events")
