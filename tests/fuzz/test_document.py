"""The OpenAPI document the fuzzer reads lists every registered service, so fuzzing covers each."""

from __future__ import annotations

from django.test import Client
from django.urls import get_resolver

from bokamera.api.routing import REGISTRY


def _document() -> dict:
    response = Client().get("/openapi.json", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_every_registered_service_is_an_operation_of_the_document(db):
    get_resolver().url_patterns  # noqa: B018 - loading the URLconf registers every app's services
    operations = {
        (method.upper(), path): operation.get("operationId")
        for path, item in _document()["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "delete", "patch")
    }
    missing = [
        f"{s.method} {s.route} ({s.name})"
        for s in REGISTRY.values()
        if operations.get((s.method, s.route)) != s.name
    ]
    assert len(REGISTRY) >= 27
    assert missing == []
