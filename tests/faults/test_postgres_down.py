"""PostgreSQL going away under load, through a TCP fault proxy in front of it: a server
subprocess answers cleanly (5xx in the ResponseStatus shape, or 503) within a bound while the
database is gone, and succeeds again once it is back."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from django.db import connection

from bokamera.services import api_token_create
from bokamera.testing.faultproxy import BLACKHOLE, FaultProxy
from bokamera.testing.processes import Managed, app_env, database_url, start_web_server

from .conftest import customer_body, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ANSWER_BOUND = 10.0  # seconds: no request may take longer while the database is gone
CLIENTS = 6


@pytest.fixture
def proxied_server(world) -> Iterator[tuple[FaultProxy, Managed, str]]:
    db = connection.settings_dict
    with FaultProxy(db.get("HOST") or "127.0.0.1", int(db.get("PORT") or 5432)) as proxy:
        # A userspace proxy ACKs every byte, so TCP keepalives and tcp_user_timeout (which bound a
        # real partition on kept connections) cannot fire here: the server opens a connection per
        # request (DB_CONN_MAX_AGE=0), whose connect_timeout bounds the wait.
        env = app_env(database_url=database_url(db, host="127.0.0.1", port=proxy.port), DB_CONN_MAX_AGE="0")
        web = start_web_server(env)
        _, token = api_token_create(user=world.admin, name="faults")
        try:
            yield proxy, web, token
        finally:
            web.stop(remove_log=True)


def check_clean_failure(response: httpx.Response) -> None:
    assert response.status_code in (500, 502, 503), (response.status_code, response.text[:300])
    if response.status_code != 503:
        status = response.json()["ResponseStatus"]
        assert status["ErrorCode"] and status["Message"]


def test_requests_fail_cleanly_while_postgres_is_gone_then_succeed(world, proxied_server):
    proxy, web, token = proxied_server
    headers = {"Authorization": f"Bearer {token}"}
    results: list[tuple[str, int | str, float, str]] = []  # (phase, status, seconds, body)
    phase = {"name": "before"}
    stop = threading.Event()

    def client_loop(n: int) -> None:
        with httpx.Client(base_url=web.url, headers=headers, timeout=ANSWER_BOUND + 5) as client:
            for i in range(10_000):  # bounded; ends when the test says stop
                if stop.is_set():
                    return
                started = time.monotonic()
                name = phase["name"]
                try:
                    if i % 3 == 0:
                        body = customer_body(world, Firstname=f"Load{n}-{i}")
                        response = client.put(f"/customers/{world.customer.pk}", json=body)
                    else:
                        response = client.get(f"/customers/{world.customer.pk}")
                    status, text = response.status_code, response.text
                except httpx.HTTPError as exc:
                    status, text = type(exc).__name__, ""
                # A request is counted in a phase only when it started and ended in it.
                name = name if phase["name"] == name else "changing"
                results.append((name, status, time.monotonic() - started, text))

    threads = [threading.Thread(target=client_loop, args=(n,), daemon=True) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    phase["name"] = "down"
    proxy.cut()
    time.sleep(4)
    phase["name"] = "recovering"
    proxy.restore()
    time.sleep(2)
    phase["name"] = "after"
    time.sleep(2)
    stop.set()
    for thread in threads:
        thread.join(timeout=ANSWER_BOUND + 10)

    by_phase: dict[str, list] = {}
    for name, status, seconds, body in results:
        by_phase.setdefault(name, []).append((status, seconds, body))
    assert by_phase["before"] and all(s == 200 for s, _, _ in by_phase["before"]), [
        (s, body[:200]) for s, _, body in by_phase["before"] if s != 200
    ]
    down = by_phase["down"]
    assert down, "no request was made while the database was gone"
    assert max(seconds for _, _, seconds, _ in results) < ANSWER_BOUND
    failed = [(s, body) for s, _, body in down if s != 200]
    assert failed, "every request succeeded without a database?"
    for status, body in failed:
        assert isinstance(status, int), f"the connection failed instead of an answer: {status}"
        check_clean_failure(httpx.Response(status, text=body))
    for status, _, _ in by_phase["recovering"]:
        assert status == 200 or isinstance(status, int), status
    assert by_phase["after"] and all(s == 200 for s, _, _ in by_phase["after"]), by_phase["after"][:3]
    assert not any(t.is_alive() for t in threads)
    # The last successful PUT is what the database holds: nothing half-written.
    world.customer.refresh_from_db()
    assert world.customer.firstname.startswith("Load")


def test_request_answers_within_bound_while_postgres_is_partitioned(world, proxied_server):
    proxy, web, token = proxied_server
    with httpx.Client(base_url=web.url, headers={"Authorization": f"Bearer {token}"}, timeout=15) as client:
        assert client.get(f"/customers/{world.customer.pk}").status_code == 200
        proxy.cut(BLACKHOLE)
        started = time.monotonic()
        try:
            response = client.get(f"/customers/{world.customer.pk}")
        except httpx.TimeoutException:
            response = None
        elapsed = time.monotonic() - started
        proxy.restore()
        wait_until(
            lambda: client.get(f"/customers/{world.customer.pk}").status_code == 200,
            timeout=20,
            what="server answers again",
        )
    assert response is not None and elapsed < ANSWER_BOUND, f"no answer after {elapsed:.1f} s"
    check_clean_failure(response)
