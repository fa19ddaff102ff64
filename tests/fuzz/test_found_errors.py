"""5xx answers that fuzzing found, kept as regression tests now that they are fixed:

1. Skip beyond 64 bits reached the queryset slice: OFFSET 9223372036854775808 overflowed in the
   database (a 500 from every query service). Skip is now an Int32, as in the original.
2. Integer lists beyond 64 bits (ResourceIds, StatusIds) reached `pk__in` and SQLite raised
   OverflowError. IntegerListField's items are now Int32, as the original's int[].
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.security.helpers import response_status_problems

BEYOND_64_BITS = 2**63


@pytest.fixture
def client(world) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.token_a}")
    return client


def _answers_as_a_client_error(response) -> None:
    assert response.status_code == 400, response.content[:300]
    assert response_status_problems(response.json()) == []


@pytest.mark.parametrize("route", ["/customers", "/timeexceptions", "/resources", "/bookings", "/voss/usage"])
def test_skip_beyond_64_bits_is_a_400(client, route):
    _answers_as_a_client_error(client.get(route, {"Skip": BEYOND_64_BITS}))


@pytest.mark.parametrize(
    ("method", "route", "data"),
    [
        (
            "post",
            "/timeexceptions",
            {"From": "2026-01-05", "To": "2026-01-05", "ReasonText": "x", "ResourceIds": [BEYOND_64_BITS]},
        ),
        ("get", "/timeexceptions", {"ResourceIds": BEYOND_64_BITS}),
        (
            "get",
            "/timeexceptions/collidingevents",
            {"From": "2026-01-05", "To": "2026-01-06", "ResourceIds": BEYOND_64_BITS},
        ),
        ("get", "/bookings", {"ResourceIds": BEYOND_64_BITS}),
        ("get", "/bookings", {"StatusIds": BEYOND_64_BITS}),
    ],
)
def test_integer_lists_beyond_64_bits_are_a_400(client, method, route, data):
    response = client.post(route, data, format="json") if method == "post" else client.get(route, data)
    _answers_as_a_client_error(response)
