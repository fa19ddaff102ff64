"""API tokens are stored hashed; repeated failed authentication from one address is throttled."""

from __future__ import annotations

import hashlib

import pytest
from django.apps import apps
from rest_framework.test import APIClient

from bokamera.authentication import FAILED_AUTH_LIMIT
from bokamera.models import ApiToken
from bokamera.services import api_token_create

from .helpers import response_status_problems


def _every_stored_value() -> str:
    """Every column of every row of every model, as one text to search."""
    return "\n".join(
        repr(row)
        for model in apps.get_models(include_auto_created=True)
        for row in model.objects.values_list()
    )


def test_no_raw_token_is_stored_only_its_sha256(world, admin_user):
    _, raw = api_token_create(user=admin_user, name="hashed")
    raw_tokens = [raw, world.token_a, world.token_b]
    stored = _every_stored_value()
    for token in raw_tokens:
        assert token not in stored
        assert token[3:] not in stored  # not even without the bk_ prefix
        assert ApiToken.objects.filter(key_hash=hashlib.sha256(token.encode()).hexdigest()).count() == 1
    # the demo tokens of seed_demo too
    assert ApiToken.objects.filter(name="demo").count() >= 3
    assert all(len(hint) <= 12 for hint in ApiToken.objects.values_list("key_hint", flat=True))
    # and the stored hash authenticates
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/customers").status_code == 200


def _failing(address: str) -> APIClient:
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION="Bearer bk_not-a-real-token")
    return client


def test_repeated_failed_authentication_is_throttled_per_address(world):
    attacker = _failing("198.51.100.7")
    for _ in range(FAILED_AUTH_LIMIT):
        response = attacker.get("/customers")
        assert response.status_code == 401
        assert response_status_problems(response.json()) == []

    throttled = attacker.get("/customers")
    assert throttled.status_code == 429
    assert response_status_problems(throttled.json()) == []
    assert int(throttled["Retry-After"]) > 0

    # Guessing stays blocked even with a right guess from that address ...
    attacker.credentials(HTTP_AUTHORIZATION=f"Bearer {world.token_a}")
    assert attacker.get("/customers").status_code == 429
    # ... at every route, the predefined ones included.
    assert attacker.get("/api/QueryCustomers").status_code == 429

    # Another address with a valid token is served.
    honest = APIClient(REMOTE_ADDR="198.51.100.8")
    honest.credentials(HTTP_AUTHORIZATION=f"Bearer {world.token_a}")
    assert honest.get("/customers").status_code == 200


@pytest.mark.parametrize("header", ["Bearer ", "Bearer bk_", "Bearer " + "x" * 5000, "Basic Zm9vOmJhcg=="])
def test_malformed_credentials_are_refused_in_response_status_shape(world, header):
    client = APIClient(REMOTE_ADDR="198.51.100.9")
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/customers")
    assert response.status_code in (401, 403)
    assert response_status_problems(response.json()) == []
