"""Benchmark of the Axema Vaka user sync: 50,000 simulated persons into customers on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/axema_sync.py [persons]

Creates a throwaway database `bench_axema_sync` on the server of DATABASE_URL, migrates it, starts
the Vaka simulator on 127.0.0.1 and runs the sync job in-process (as a worker runs it) three
times: a first run (everything new), a second run with no change, and a run where 1% of the
persons changed. Prints wall time, SQL statements and rows/s of each, the time spent only paging
the simulator over HTTP, and the ratio to the bare-SQL floor of PERFORMANCE.md (an
`INSERT ... ON CONFLICT DO UPDATE` through psycopg's executemany, measured in the same run).
Drops the database at the end. Target: first run under 60 s, statements ~ persons / page size.
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchdb import admin_sql, server_url, setup_django, with_database  # noqa: E402 - bench/ is on sys.path when run as a script

BENCH_DB = "bench_axema_sync"
PAGE_SIZE = 1000
TARGET_SECONDS = 60


def floor(url: str, persons: list[dict]) -> tuple[float, float]:
    """Bare psycopg: executemany upsert of the persons in batches of PAGE_SIZE, then again unchanged."""
    import psycopg

    company = uuid.uuid4()
    rows = [
        (uuid.uuid4(), company, p["personId"], p["firstName"], p["lastName"], p["email"], p["phone"])
        for p in persons
    ]
    sql = (
        "INSERT INTO floor_customer (id, company_id, external_id, firstname, lastname, email, phone) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (company_id, external_id) DO UPDATE SET "
        "firstname = EXCLUDED.firstname, lastname = EXCLUDED.lastname, email = EXCLUDED.email, "
        "phone = EXCLUDED.phone WHERE (floor_customer.firstname, floor_customer.lastname, "
        "floor_customer.email, floor_customer.phone) IS DISTINCT FROM "
        "(EXCLUDED.firstname, EXCLUDED.lastname, EXCLUDED.email, EXCLUDED.phone)"
    )
    timings = []
    with psycopg.connect(with_database(url, BENCH_DB)) as conn:
        conn.execute(
            "CREATE TABLE floor_customer (id uuid PRIMARY KEY, company_id uuid NOT NULL, "
            "external_id varchar(100) NOT NULL, firstname varchar(100), lastname varchar(100), "
            "email varchar(254), phone varchar(50), UNIQUE (company_id, external_id))"
        )
        conn.commit()
        for _ in range(2):
            started = time.perf_counter()
            with conn.cursor() as cursor:
                for start in range(0, len(rows), PAGE_SIZE):
                    cursor.executemany(sql, rows[start : start + PAGE_SIZE])
                    conn.commit()
            timings.append(time.perf_counter() - started)
    return timings[0], timings[1]


def run(company, label: str, persons: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from integrations.axema import services

    job = services.axema_user_sync_start(company=company, enqueue_task=False)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        services.axema_user_sync_run(job_id=job.id)
        elapsed = time.perf_counter() - started
    job.refresh_from_db()
    assert job.get_status_display() == "Completed", job.error_message
    print(
        f"{label:<26} {elapsed:7.2f} s  {len(queries):5d} statements  {persons / elapsed:8.0f} persons/s  "
        f"found {job.users_found}  created {job.users_created}  updated {job.users_updated}"
    )
    return elapsed, len(queries)


def main() -> None:
    persons = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    url = server_url()
    admin_sql(url, f'DROP DATABASE IF EXISTS "{BENCH_DB}"', f'CREATE DATABASE "{BENCH_DB}"')
    simulator = None
    try:
        setup_django(url, BENCH_DB, AXEMA_PAGE_SIZE=str(PAGE_SIZE))
        from bokamera.models import Company
        from customers.models import Customer, UserAccessKey
        from integrations.axema.client import VakaClient
        from integrations.axema.simulator import VakaSimulator, VakaState, make_persons
        from integrations.axema_models import AxemaSettings

        state = VakaState(persons=make_persons(persons))
        simulator = VakaSimulator(state).start()
        company = Company.objects.create(name="Bench company")
        AxemaSettings.objects.create(
            company=company, api_endpoint=simulator.url, username=state.username, password=state.password
        )
        print(f"Axema user sync of {persons:,} persons, pages of {PAGE_SIZE}, PostgreSQL {BENCH_DB}\n")

        started = time.perf_counter()
        with VakaClient(
            api_endpoint=simulator.url, port=None, username=state.username, password=state.password
        ) as client:
            pages = sum(1 for _ in client.iter_pages(PAGE_SIZE))
        http_only = time.perf_counter() - started
        print(f"{'paging the simulator only':<26} {http_only:7.2f} s  ({pages} pages over HTTP)")

        first, first_queries = run(company, "first run (all new)", persons)
        second, second_queries = run(company, "second run (no change)", persons)
        for person in state.persons[::100]:
            person["lastName"] += "-changed"
        run(company, "third run (1% changed)", persons)

        floor_first, floor_second = floor(url, state.persons)
        print(f"{'floor: bare upsert':<26} {floor_first:7.2f} s  ({persons / floor_first:8.0f} rows/s)")
        print(
            f"{'floor: bare upsert again':<26} {floor_second:7.2f} s  ({persons / floor_second:8.0f} rows/s)"
        )
        print()
        print(f"customers {Customer.objects.count():,}, access keys {UserAccessKey.objects.count():,}")
        verdict = "OK" if first < TARGET_SECONDS else "MISSED"
        print(
            f"first run: {first:.1f} s (target < {TARGET_SECONDS} s: {verdict}),"
            f" {first_queries / pages:.1f} statements per page of {PAGE_SIZE}"
        )
        faster = "faster" if second < first else "NOT faster"
        print(
            f"second run: {second / first:.2f}x the first "
            f"({second_queries / pages:.1f} statements per page): {faster}"
        )
        print(
            "ratio to the floor (which writes customers only: no access keys, no HTTP): "
            f"first {first / floor_first:.1f}x, unchanged {second / floor_second:.1f}x; "
            f"without the HTTP paging: first {(first - http_only) / floor_first:.1f}x, "
            f"unchanged {(second - http_only) / floor_second:.1f}x"
        )
    finally:
        if simulator is not None:
            simulator.stop()
        from django.db import connections

        connections.close_all()
        admin_sql(url, f'DROP DATABASE IF EXISTS "{BENCH_DB}"')


if __name__ == "__main__":
    main()
