import pytest

from webhooks.simulator import start_receiver


@pytest.fixture
def receiver():
    """A loopback receiver; set `receiver.state.secret` and `.script` in the test."""
    sim = start_receiver()
    yield sim
    sim.stop()
