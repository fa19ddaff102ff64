"""Fuzzing fixtures: the world of the security tests (two seeded companies with every kind of row)
and eager tasks. Nothing leaves the machine: the test's transaction never commits, so the work a
request enqueues after commit (webhook deliveries, syncs, submissions) never runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from bokamera.testing.broker import eager_tasks
from scheduling.services import TimeExceptionSpec, time_exception_create
from tests.security.world import World, build_world


@pytest.fixture(autouse=True)
def _eager_tasks():
    with eager_tasks():
        yield


@pytest.fixture
def world(db) -> World:
    """The security tests' world, with a one-day (not recurring) time exception as the one whose
    id the fuzzed updates get: the demo's weekly one, stretched by a fuzzed From of 2000-01-01,
    expands into 26 years of occurrences and takes 2-3 s a request on SQLite (reported)."""
    world = build_world()
    day = dt.date.today() + dt.timedelta(days=400)
    exception = time_exception_create(
        company=world.company_a,
        spec=TimeExceptionSpec(
            resource_ids=tuple(world.resource_ids),
            from_date=day,
            to_date=day,
            from_time=dt.timedelta(hours=8),
            to_time=dt.timedelta(hours=9),
            days_of_week=(),
            reason_text="Fuzzing target",
        ),
    )
    world.ids["timeexceptions"] = str(exception.pk)
    return world


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Schemathesis calls the real WSGI handler, whose request signals close a connection that is
    inside a transaction (the test's): detached here, as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
