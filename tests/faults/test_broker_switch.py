"""The fault tests point Celery at a private broker and back; publishing must work afterwards
(a closed pool left in kombu's registry once made every later publish fail silently)."""

import pytest

from bokamera.celery import app as celery_app
from bokamera.testing.broker import use_broker

pytestmark = pytest.mark.redis


def test_publishing_works_again_after_switching_brokers_and_back():
    before = celery_app.connection_for_write().as_uri(include_password=True)
    with use_broker("redis://127.0.0.1:1/3"):
        assert celery_app.connection_for_write().as_uri(include_password=True) == "redis://127.0.0.1:1/3"
    assert celery_app.connection_for_write().as_uri(include_password=True) == before
    with celery_app.producer_or_acquire() as producer:
        producer.publish({"probe": 1}, routing_key="bokamera-probe", declare=[], retry=False)
        assert producer.connection.as_uri(include_password=True) == before
