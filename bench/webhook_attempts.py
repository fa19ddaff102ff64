"""Benchmark: ListWebhookEndpointAttempts over 1,000,000 attempts, and deliveries per second.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/11 .venv/bin/python bench/webhook_attempts.py

Creates a throwaway database `bench_webhook_attempts` on that server, inserts 1,000,000 attempts
of one endpoint (plus 1,000,000 of five others), and measures the median latency of the first page and
of the 1,000th page reached by iterator: bare SQL through psycopg (the floor in PERFORMANCE.md),
the selector, and the whole HTTP request through Django's test client; then OFFSET for contrast.
With CELERY_BROKER_URL set it starts a real Celery worker (a subprocess), publishes events to a
loopback receiver and reports deliveries per second. Drops the database at the end.
Targets: each page under 20 ms; the 1,000th within 1.5x of the first.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchdb import admin_sql, server_url, with_database  # noqa: E402 - bench/ is on sys.path when run as a script
from benchdb import median_ms as _median_ms  # noqa: E402

BENCH_DB = "bench_webhook_attempts"
ATTEMPTS = 1_000_000
OTHER_ATTEMPTS = 1_000_000  # spread over 4 other endpoints of the company
PAGE = 50
DEEP_PAGE = 1000
RUNS = 200
DELIVERIES = int(os.environ.get("BENCH_DELIVERIES", "2000"))
WORKER_POOL = os.environ.get("BENCH_WORKER_POOL", "prefork")
WORKER_CONCURRENCY = os.environ.get("BENCH_WORKER_CONCURRENCY", "4")


FILL_SQL = """
INSERT INTO webhooks_webhookmessage (company_id, public_id, event_type, event_id, payload, timestamp)
SELECT %(company)s, 'msg_' || substr(md5('m' || g), 1, 26),
       (ARRAY['customer.updated','booking.canceled','timeexception.created'])[1 + g %% 3],
       'evt_' || g, '{"Id": 1}'::jsonb, now() - make_interval(secs => %(n)s - g)
FROM generate_series(1, %(n)s) g
"""

FILL_ATTEMPTS_SQL = """
INSERT INTO webhooks_webhookmessageattempt
    (message_id, endpoint_id, public_id, event_type, url, status, response_status_code,
     response_body, timestamp, trigger_type, attempt_number)
SELECT m.id, CASE WHEN m.id %% 2 = 0 THEN %(endpoint)s WHEN m.id %% 1000 = 1 THEN %(others)s[5]
                   ELSE %(others)s[1 + m.id %% 8 / 2] END,
       'atmpt_' || substr(md5('a' || m.id), 1, 26), m.event_type, 'http://127.0.0.1:9/hook',
       CASE WHEN m.id %% 10 = 0 THEN 2 ELSE 0 END, CASE WHEN m.id %% 10 = 0 THEN 500 ELSE 200 END,
       '', m.timestamp, 0, 1
FROM webhooks_webhookmessage m
"""


def median_ms(fn, runs: int = RUNS) -> float:
    return _median_ms(fn, runs, warmup=5)


def main() -> None:
    url = server_url()
    admin_sql(url, f"DROP DATABASE IF EXISTS {BENCH_DB}")
    admin_sql(url, f"CREATE DATABASE {BENCH_DB}")
    bench_url = with_database(url, BENCH_DB)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bokamera.settings")
    try:
        run(bench_url)
    finally:
        from django.db import connections

        connections.close_all()
        admin_sql(url, f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def run(bench_url: str) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from bokamera.roles import ADMIN_WRITE, grant_role
    from bokamera.services import api_token_create
    from tests.factories import CompanyFactory, UserFactory
    from webhooks import selectors
    from webhooks.models import WebhookEndpoint

    call_command("migrate", verbosity=0)
    company = CompanyFactory(name="Bench")
    user = UserFactory(username="bench")
    grant_role(user, ADMIN_WRITE, company)
    _, token = api_token_create(user=user, name="bench")
    endpoint = WebhookEndpoint.objects.create(
        company=company, url="http://127.0.0.1:9/hook", event_types=["customer.updated"]
    )
    others = [
        WebhookEndpoint.objects.create(
            company=company, url=f"http://127.0.0.1:9/{n}", event_types=["customer.updated"]
        ).pk
        for n in range(5)  # the fifth gets one row in a thousand
    ]

    if os.environ.get("BENCH_ONLY_DELIVERIES"):
        deliveries(company, bench_url)
        return
    total = ATTEMPTS + OTHER_ATTEMPTS
    started = time.perf_counter()
    with psycopg.connect(bench_url, autocommit=True) as conn:
        params = {"company": company.pk, "n": total, "endpoint": endpoint.pk, "others": others}
        conn.execute(FILL_SQL, params)
        conn.execute(FILL_ATTEMPTS_SQL, params)
        conn.execute("VACUUM ANALYZE webhooks_webhookmessageattempt")
        conn.execute("VACUUM ANALYZE webhooks_webhookmessage")
        count = conn.execute(
            "SELECT count(*) FROM webhooks_webhookmessageattempt WHERE endpoint_id = %s", (endpoint.pk,)
        ).fetchone()[0]
        print(
            f"filled {total:,} attempts ({count:,} on the measured endpoint) "
            f"in {time.perf_counter() - started:.0f} s"
        )

        # The iterator of page 1,000, reached by walking the pages through the selector.
        iterator = None
        walk = time.perf_counter()
        for _ in range(DEEP_PAGE - 1):
            iterator = selectors.attempt_list(endpoint=endpoint, iterator=iterator, limit=PAGE).iterator
        print(f"walked {DEEP_PAGE - 1} pages by iterator in {time.perf_counter() - walk:.1f} s")
        deep_id = selectors.decode_iterator(iterator)

        floor_sql = (
            "SELECT id, public_id, url, status, response_status_code, timestamp, trigger_type, message_id "
            "FROM webhooks_webhookmessageattempt WHERE endpoint_id = %s {extra} ORDER BY id DESC LIMIT 51"
        )
        floor_first = median_ms(lambda: conn.execute(floor_sql.format(extra=""), (endpoint.pk,)).fetchall())
        floor_deep = median_ms(
            lambda: conn.execute(floor_sql.format(extra="AND id < %s"), (endpoint.pk, deep_id)).fetchall()
        )
        offset_sql = floor_sql.format(extra="") + f" OFFSET {(DEEP_PAGE - 1) * PAGE}"
        offset_deep = median_ms(lambda: conn.execute(offset_sql, (endpoint.pk,)).fetchall(), runs=30)
        plan = conn.execute(
            "EXPLAIN " + floor_sql.format(extra="AND id < %s"), (endpoint.pk, deep_id)
        ).fetchall()
        # For an endpoint holding half the rows the planner may walk the primary key backwards
        # (as cheap); for a sparse one it takes (endpoint_id, id DESC).
        minority_plan = conn.execute(
            "EXPLAIN " + floor_sql.format(extra="AND id < %s"), (others[4], deep_id)
        ).fetchall()

    sel_first = median_ms(lambda: selectors.attempt_list(endpoint=endpoint, limit=PAGE))
    sel_deep = median_ms(lambda: selectors.attempt_list(endpoint=endpoint, iterator=iterator, limit=PAGE))
    # Only the webhooks routes: the measure does not depend on other apps' URL modules.
    settings.ROOT_URLCONF = "webhooks.urls"
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    path = f"/webhook/endpoints/{endpoint.public_id}/attempts"
    first_page = client.get(path).json()
    assert len(first_page["Attempts"]) == PAGE and first_page["Done"] is False, first_page
    deep_page = client.get(path, {"Iterator": iterator}).json()
    assert len(deep_page["Attempts"]) == PAGE, deep_page
    http_first = median_ms(lambda: client.get(path))
    http_deep = median_ms(lambda: client.get(path, {"Iterator": iterator}))

    print("\nplan of the deep page (bare SQL), measured endpoint (half of all rows):")
    for (line,) in plan:
        print("   ", line)
    print("plan of the same query for an endpoint with 1 row in 1,000:")
    for (line,) in minority_plan:
        print("   ", line)
    print(f"\n{'median ms':<34}{'page 1':>10}{'page 1000':>12}{'1000/1':>9}")
    for label, first, deep in (
        ("floor: bare SQL (psycopg)", floor_first, floor_deep),
        ("selector (ORM)", sel_first, sel_deep),
        ("HTTP GET (Django test client)", http_first, http_deep),
    ):
        print(f"{label:<34}{first:>10.2f}{deep:>12.2f}{deep / first:>9.2f}")
    print(f"{'OFFSET, bare SQL':<34}{'':>10}{offset_deep:>12.2f}")
    print(
        f"\nratios to the floor: selector {sel_first / floor_first:.1f}x / {sel_deep / floor_deep:.1f}x, "
        f"HTTP {http_first / floor_first:.1f}x / {http_deep / floor_deep:.1f}x"
    )
    ok = http_first < 20 and http_deep < 20 and http_deep <= 1.5 * http_first
    print(f"target (each HTTP page < 20 ms, page 1000 within 1.5x of page 1): {'met' if ok else 'NOT met'}")

    if os.environ.get("CELERY_BROKER_URL", "").startswith("redis"):
        deliveries(company, bench_url)
    else:
        print("\nset CELERY_BROKER_URL=redis://... to measure deliveries per second through a real worker")


def deliveries(company, bench_url: str) -> None:
    from django.db import transaction

    from bokamera.events import publish_event
    from webhooks.models import AttemptStatus, WebhookEndpoint, WebhookMessageAttempt
    from webhooks.simulator import start_receiver

    receiver = start_receiver()
    WebhookEndpoint.objects.filter(company=company).update(disabled=True)
    endpoint = WebhookEndpoint.objects.create(
        company=company, url=receiver.url, event_types=["booking.canceled"]
    )
    receiver.state.secret = endpoint.secret
    start = time.perf_counter()
    for batch in range(DELIVERIES // 100):
        with transaction.atomic():
            for n in range(100):
                publish_event(
                    company_id=company.pk, event_type="booking.canceled", payload={"n": batch * 100 + n}
                )
    published = time.perf_counter() - start
    print(
        f"\npublished {DELIVERIES:,} events (outbox rows + enqueue) at {DELIVERIES / published:,.0f} events/s"
    )
    env = {**os.environ, "DATABASE_URL": bench_url}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "bokamera.celery", "worker", "-P", WORKER_POOL,
         "-c", WORKER_CONCURRENCY, "--loglevel=WARNING", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        start = time.perf_counter()
        done = WebhookMessageAttempt.objects.filter(endpoint=endpoint, status=AttemptStatus.SUCCESS)
        while done.count() < DELIVERIES and time.perf_counter() - start < 300:
            time.sleep(0.2)
        delivered = done.count()
        first, last = done.order_by("timestamp").first(), done.order_by("timestamp").last()
        span = (last.timestamp - first.timestamp).total_seconds() if delivered > 1 else float("nan")
        verified = sum(1 for hit in receiver.state.received if hit["verified"])
        print(
            f"deliveries: {delivered:,}/{DELIVERIES:,} succeeded ({verified:,} verified by the receiver); "
            f"first to last in {span:.1f} s = {(delivered - 1) / span:,.0f} deliveries/s "
            f"(worker: {WORKER_POOL} x{WORKER_CONCURRENCY})"
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
        receiver.stop()


if __name__ == "__main__":
    main()
