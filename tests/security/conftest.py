"""Fixtures of the security tests: the world of tests/security/world.py and eager tasks."""

from __future__ import annotations

import pytest

from bokamera.testing.broker import eager_tasks

from .world import World, build_world


@pytest.fixture(autouse=True)
def _eager_tasks():
    with eager_tasks():
        yield


@pytest.fixture
def world(db) -> World:
    return build_world()
