"""Company B's administrator, holding ids of company A's objects, gets 403 or 404 from every
registered service, at its own route and at /api/{Name}, and nothing of A's changes or leaks.

The walk iterates bokamera.api.routing.REGISTRY, so a new service is walked as soon as its app
registers it. A new route variable or a write service whose body needs values fails here with a
message saying what to add to ROUTE_IDS or BODIES.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.urls import get_resolver
from rest_framework.test import APIClient

from bokamera.api.routing import REGISTRY, Service

from .helpers import VARIABLE, response_status_problems, snapshot_differences, tenant_snapshot
from .world import World

DENIED = (403, 404)


def _bodies(world: World) -> dict[str, dict[str, Any]]:
    """Valid request bodies of the services that need more than ids, so a refusal cannot be a
    mere 400 for missing fields before the tenancy check has run."""
    monday = dt.date.today() + dt.timedelta(days=7 - dt.date.today().weekday())
    span = {"From": monday.isoformat(), "To": (monday + dt.timedelta(days=7)).isoformat()}
    return {
        "UpdateCustomer": {
            "Firstname": "Mallory",
            "Lastname": "Intruder",
            "Phone": "+46700000666",
            "Email": "mallory@example.com",
            "AccessKeysToDelete": [{"Id": world.ids["accesskeys"]}],
        },
        "CollidingBookingQuery": {"ResourceIds": world.resource_ids, **span},
        "CreateResourceTimeException": {
            "ResourceIds": world.resource_ids,
            "ReasonText": "Intrusion",
            "Force": True,
            **span,
        },
        "UpdateResourceTimeException": {"ReasonText": "Intrusion", "Force": True},
        "ResourceTimeExceptionQuery": {"ResourceIds": world.resource_ids},
        "BookingQuery": {"ResourceIds": world.resource_ids},
        "CreateWebhookEndpoint": {"Url": "http://127.0.0.1:9/intruder", "EventTypes": ["customer.updated"]},
        "UpdateWebhookEndpoint": {"Url": "http://127.0.0.1:9/intruder", "EventTypes": ["customer.updated"]},
        "CreateVossUsage": {"ArticleNumber": world.article_number, "Quantity": 1},
    }


# Services without a variable in the route that refer to A's objects in their body: even acting
# on B's own company (no CompanyId) they must refuse.
BODY_REFERS_TO_A = {"CollidingBookingQuery", "CreateResourceTimeException"}


def services() -> list[Service]:
    get_resolver().url_patterns  # noqa: B018 - loading the URLconf registers every app's services
    return sorted(REGISTRY.values(), key=lambda s: s.name)


def route_values(service: Service, world: World) -> dict[str, str]:
    """Each route variable gets the id of A's object named by the segment before it."""
    values = {}
    segments = service.route.strip("/").split("/")
    for index, segment in enumerate(segments):
        variable = VARIABLE.fullmatch(segment)
        if not variable:
            continue
        owner = segments[index - 1].lower()
        if owner not in world.ids:
            pytest.fail(f"{service.name}: no id of company A for {{{variable.group(1)}}} after '{owner}/'")
        values[variable.group(1)] = world.ids[owner]
    return values


def call(client: APIClient, method: str, path: str, data: dict[str, Any]):
    if method in ("GET", "DELETE"):
        return client.generic(method, path + "?" + _query(data)) if data else client.generic(method, path)
    return client.generic(method, path, json.dumps(data), content_type="application/json")


def _query(data: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return urlencode(
        {key: ",".join(map(str, value)) if isinstance(value, list) else value for key, value in data.items()}
    )


def leaked(text: str, world: World, sent: str) -> list[str]:
    """A's identifiers, names and secrets found in an answer to company B (an id B sent itself,
    echoed in "X was not found", discloses nothing)."""
    markers = {
        "CompanyId of A": str(world.company_a.pk),
        "A's company name": world.company_a.name,
        **{f"id of A's {kind}": value for kind, value in world.ids.items() if len(value) > 6},
        **world.secrets,
    }
    return [name for name, value in markers.items() if value and value in text and value not in sent]


def walk(world: World, build: Callable[[Service, dict[str, str]], tuple[str, dict[str, Any]]]):
    """Calls every service as B with and without CompanyId of A; returns the problems found."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.token_b}")
    bodies = _bodies(world)
    problems: list[str] = []
    calls = 0
    for service in services():
        variables = route_values(service, world)
        path, data = build(service, variables)
        data = {**data, **bodies.get(service.name, {})}
        for with_company in (True, False):
            sent = {**data, "CompanyId": str(world.company_a.pk)} if with_company else data
            response = call(client, service.method, path, sent)
            calls += 1
            label = (
                f"{service.method} {path} ({service.name}, CompanyId {'of A' if with_company else 'absent'})"
            )
            must_refuse = with_company or variables or service.name in BODY_REFERS_TO_A
            if must_refuse and not refused(response, bad_reference=service.name in BODY_REFERS_TO_A):
                problems.append(f"{label}: {response.status_code} {response.content[:300]!r}")
            elif response.status_code >= 400:
                problems += [f"{label}: {p}" for p in response_status_problems(_json(response))]
            echoed = path + json.dumps(sent)
            problems += [
                f"{label}: leaks {what}" for what in leaked(response.content.decode(), world, echoed)
            ]
    assert calls >= 2 * len(REGISTRY)
    return problems


def refused(response, *, bad_reference: bool) -> bool:
    """403/404; a body that names A's objects while acting on B's own company may also get 400
    NotFound on that field (refused as an invalid reference, disclosing nothing)."""
    if response.status_code in DENIED:
        return True
    return (
        bad_reference
        and response.status_code == 400
        and _json(response).get("ResponseStatus", {}).get("ErrorCode") == "NotFound"
    )


def _json(response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.content[:300]


def at_custom_route(service: Service, variables: dict[str, str]) -> tuple[str, dict[str, Any]]:
    path = VARIABLE.sub(lambda m: variables[m.group(1)], service.route)
    return path, {}


def at_predefined_route(service: Service, variables: dict[str, str]) -> tuple[str, dict[str, Any]]:
    return f"/api/{service.name}", dict(variables)


def at_json_reply_route(service: Service, variables: dict[str, str]) -> tuple[str, dict[str, Any]]:
    return f"/json/reply/{service.name}", dict(variables)


@pytest.mark.parametrize(
    "build",
    [at_custom_route, at_predefined_route, at_json_reply_route],
    ids=["custom", "api-name", "json-reply"],
)
def test_another_companys_admin_is_refused_everywhere_and_nothing_changes(world, build):
    before = tenant_snapshot(world.company_a)
    assert sum(len(rows) for rows in before.values()) > 30  # a world worth protecting

    problems = walk(world, build)

    assert not problems, "\n".join(problems)
    assert snapshot_differences(before, tenant_snapshot(world.company_a)) == []


def test_the_walk_covers_every_registered_service(world):
    """Every registered service is walked: a service added without ids or bodies fails above."""
    names = {service.name for service in services()}
    assert len(names) >= 27
    for service in services():
        route_values(service, world)


def test_control_the_same_calls_succeed_for_company_as_own_administrator(world):
    """The ids and bodies of the walk are valid: A's administrator gets 2xx from every service
    (each call rolled back), so B's 403/404 come from tenancy, not from bad input."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.token_a}")
    bodies = _bodies(world)
    failures = []
    for service in services():
        path, _ = at_custom_route(service, route_values(service, world))
        data = {**bodies.get(service.name, {}), "CompanyId": str(world.company_a.pk)}
        with transaction.atomic():
            response = call(client, service.method, path, data)
            transaction.set_rollback(True)
        if response.status_code >= 300:
            failures.append(f"{service.method} {path}: {response.status_code} {response.content[:300]!r}")
    assert not failures, "\n".join(failures)


def test_control_the_snapshot_sees_a_change(world):
    before = tenant_snapshot(world.company_a)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.token_a}")
    path = f"/timeexceptions/{world.ids['timeexceptions']}"
    assert call(client, "PUT", path, {"ReasonText": "Changed", "Force": True}).status_code == 200
    assert snapshot_differences(before, tenant_snapshot(world.company_a)) != []
