"""Schemathesis over every operation of /openapi.json, as an administrator of a seeded company:
no 5xx, and every 4xx in ServiceStack's ResponseStatus shape.

Each generated case is sent twice: as generated (random ids: mostly 404s) and with the route's
ids and CompanyId replaced by real ones of the administrator's company, so the fuzzed query and
body reach the services' own validation and logic. The number of examples per operation is
bounded (FUZZ_EXAMPLES, default 10) to keep the run near a minute.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

import pytest
from django.core.wsgi import get_wsgi_application
from django.db import transaction

from tests.security.helpers import VARIABLE, response_status_problems
from tests.security.world import World

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
hypothesis = pytest.importorskip("hypothesis")

# Loaded when the module is collected (the document needs no database): one test per operation.
# ?format=json: /openapi.json itself answers YAML (drf-spectacular's default renderer).
schema = schemathesis.openapi.from_wsgi("/openapi.json?format=json", get_wsgi_application())


@schema.parametrize()
@hypothesis.settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "10")),
    deadline=None,
    derandomize=True,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_every_operation(case, world, tracebacks):
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {world.token_a}"}
    check(case, isolated(case), tracebacks)
    if with_real_ids(case, world):
        check(case, isolated(case), tracebacks)


def isolated(case):
    """One call, rolled back: no request sees another's writes (or PostgreSQL's aborted
    transaction after another's error), so each failure reproduces on its own."""
    with transaction.atomic():
        response = case.call()
        transaction.set_rollback(True)
    return response


class _Tracebacks(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.texts.append(logging.Formatter().formatException(record.exc_info))


@pytest.fixture
def tracebacks():
    """The tracebacks the API layer logs for its 500s, to show them with a failing case."""
    handler = _Tracebacks()
    logging.getLogger("bokamera.api.errors").addHandler(handler)
    yield handler
    logging.getLogger("bokamera.api.errors").removeHandler(handler)


def with_real_ids(case, world: World) -> bool:
    """Puts company A's ids into the case's route variables and CompanyId; False if nothing changed."""
    changed = False
    segments = case.path.strip("/").split("/")
    for index, segment in enumerate(segments):
        variable = VARIABLE.fullmatch(segment)
        if variable and segments[index - 1].lower() in world.ids and case.path_parameters is not None:
            case.path_parameters[variable.group(1)] = world.ids[segments[index - 1].lower()]
            changed = True
    for container in (case.query, case.body):
        if isinstance(container, dict) and "CompanyId" in container:
            container["CompanyId"] = str(world.company_a.pk)
            changed = True
    return changed


def check(case, response, tracebacks: _Tracebacks) -> None:
    where = (
        f"{case.method} {case.formatted_path} query={case.query!r:.300} body={_shown(case.body)} "
        f"headers={case.headers!r:.200}"
    )
    if response.status_code >= 500:
        trace = tracebacks.texts[-1] if tracebacks.texts else "(no traceback logged)"
        raise AssertionError(f"{where}: {response.status_code} {response.text[:500]}\n{trace}")
    if response.status_code >= 400:
        problems = error_shape_problems(response)
        assert not problems, f"{where}: {response.status_code} {problems}"


def _shown(body: Any) -> str:
    return "(none)" if type(body).__name__ == "NotSet" else f"{body!r:.500}"


def error_shape_problems(response) -> list[str]:
    """JSON errors are checked field by field; the other formats a client may ask for (?format=
    or a .csv/.xml/.jsv suffix) must still carry ResponseStatus with its ErrorCode and Message."""
    content_type = response.headers.get("Content-Type", "")
    if "json" in content_type:
        try:
            return response_status_problems(response.json())
        except (ValueError, json.JSONDecodeError):
            return [f"not JSON: {response.text[:300]!r}"]
    missing = [word for word in ("ResponseStatus", "ErrorCode", "Message") if word not in response.text]
    return [f"{content_type} error without {missing}: {response.text[:300]!r}"] if missing else []
