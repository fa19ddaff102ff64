"""Shared fixtures: companies, users with roles, and API clients that send a bearer token."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from bokamera.roles import ADMIN_READ, ADMIN_WRITE, SUPERADMIN
from bokamera.services import api_token_create
from tests.factories import CompanyFactory, UserFactory


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://...)")
    skip_redis = pytest.mark.skip(
        reason="needs Redis and a Celery worker (set CELERY_BROKER_URL=redis://...)"
    )
    for item in items:
        if "postgres" in item.keywords and not settings.IS_POSTGRES:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not settings.CELERY_BROKER_URL.startswith("redis"):
            item.add_marker(skip_redis)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def company(db):
    return CompanyFactory(name="Acme Salon")


@pytest.fixture
def other_company(db):
    return CompanyFactory(name="Other Company")


@pytest.fixture
def admin_user(company):
    return UserFactory(username="admin", roles=[(ADMIN_WRITE, company)])


@pytest.fixture
def reader_user(company):
    return UserFactory(username="reader", roles=[(ADMIN_READ, company)])


@pytest.fixture
def other_admin(other_company):
    return UserFactory(username="other-admin", roles=[(ADMIN_WRITE, other_company)])


@pytest.fixture
def superadmin(db):
    return UserFactory(username="super", roles=[(SUPERADMIN, None)])


@pytest.fixture
def client_for(db) -> Callable[..., APIClient]:
    """client_for(user) -> an APIClient that authenticates with a fresh bearer token."""

    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            _, raw = api_token_create(user=user, name="tests")
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return make


@pytest.fixture
def admin_client(client_for, admin_user) -> APIClient:
    return client_for(admin_user)


@pytest.fixture
def anon_client() -> APIClient:
    return APIClient()


@pytest.fixture
def celery_worker_on_redis():
    """A real Celery worker in this process on the configured broker, for tests marked `redis`."""
    from bokamera.testing.concurrency import live_worker

    with live_worker():
        yield
