"""Concurrent PUTs of one customer's access keys (PostgreSQL: real row locks)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from rest_framework.test import APIClient

from bokamera.roles import ADMIN_WRITE
from bokamera.services import api_token_create
from customers.models import UserAccessKey
from tests.factories import CompanyFactory, UserFactory

from .conftest import update_body
from .factories import CustomerFactory, UserAccessKeyFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_replacements_of_one_key_leave_one_key():
    """Each request replaces key K by its own new key. With the customer row locked, the second
    sees K gone and is refused; without the lock both would succeed and leave two keys."""
    company = CompanyFactory()
    admin = UserFactory(username="concurrent-admin", roles=[(ADMIN_WRITE, company)])
    _, raw = api_token_create(user=admin, name="tests")
    customer = CustomerFactory(company=company)
    old = UserAccessKeyFactory(customer=customer, value="1000")
    workers = 4
    barrier = threading.Barrier(workers)
    statuses: list[int] = []

    def replace(index: int) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        body = update_body(
            AccessKeys=[{"AccessKeyTypeId": 1, "Value": f"200{index}"}],
            AccessKeysToDelete=[{"Id": str(old.pk)}],
        )
        try:
            barrier.wait(timeout=10)
            statuses.append(client.put(f"/customers/{customer.pk}", body, format="json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=replace, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses) == [200] + [400] * (workers - 1)
    keys = list(UserAccessKey.objects.filter(customer=customer))
    assert len(keys) == 1
    assert keys[0].value.startswith("200")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_value_taken_by_a_concurrent_transaction_is_409_and_changes_nothing():
    """Another transaction holds an uncommitted key with the same value: the PUT's check cannot
    see it, its INSERT waits on the unique index, and fails when that transaction commits."""
    company = CompanyFactory()
    admin = UserFactory(username="race-admin", roles=[(ADMIN_WRITE, company)])
    _, raw = api_token_create(user=admin, name="tests")
    customer = CustomerFactory(company=company, firstname="Before")
    other = CustomerFactory(company=company)
    UserAccessKeyFactory(customer=other, value="seed")  # creates the PinCode type row if flushed
    result: dict[str, object] = {}

    def put() -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        body = update_body(Firstname="After", AccessKeys=[{"AccessKeyTypeId": 1, "Value": "RACE"}])
        try:
            response = client.put(f"/customers/{customer.pk}", body, format="json")
            result["status"], result["body"] = response.status_code, response.json()
        finally:
            connection.close()

    with transaction.atomic():
        UserAccessKey.objects.create(company=company, customer=other, access_key_type_id=1, value="RACE")
        thread = threading.Thread(target=put)
        thread.start()
        time.sleep(1.0)  # the PUT is now waiting on the unique index
    thread.join(timeout=30)

    assert result["status"] == 409, result
    assert result["body"]["ResponseStatus"]["ErrorCode"] == "Conflict"
    assert result["body"]["ResponseStatus"]["Errors"][0]["FieldName"] == "AccessKeys"
    customer.refresh_from_db()
    assert customer.firstname == "Before"
    assert not UserAccessKey.objects.filter(customer=customer).exists()
