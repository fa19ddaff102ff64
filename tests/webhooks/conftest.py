import pytest

from bokamera.celery import app
from webhooks.simulator import start_receiver


@pytest.fixture(autouse=True)
def _eager_tasks():
    """Deliveries run in the test's thread even when CELERY_BROKER_URL is set; the real-worker
    test switches this off for itself."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def receiver():
    """A loopback receiver; set `receiver.state.secret` and `.script` in the test."""
    sim = start_receiver()
    yield sim
    sim.stop()
