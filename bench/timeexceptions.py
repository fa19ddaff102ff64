"""Benchmark: the collision check of a one-year weekly time exception (52 occurrences) on 10
resources against 100,000 bookings, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/timeexceptions.py

Creates a throwaway database `bench_timeexceptions` on that server, fills it, measures the median
of the selector (as the API runs it) and of the bare-SQL floor through psycopg, prints the query
count and the plan, and drops the database. Target: under 50 ms (PERFORMANCE.md floor 6-13 ms).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchdb import admin_sql, server_url, with_database  # noqa: E402 - bench/ is on sys.path when run as a script
from benchdb import median_ms as _median_ms  # noqa: E402

BENCH_DB = "bench_timeexceptions"
BOOKINGS = 100_000
RESOURCES = 10
RUNS = 30


def median_ms(fn, runs: int = RUNS) -> float:
    return _median_ms(fn, runs, warmup=1)


def main() -> None:
    url = server_url()
    admin_sql(url, f"DROP DATABASE IF EXISTS {BENCH_DB}")
    admin_sql(url, f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = with_database(url, BENCH_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bokamera.settings")
    try:
        run()
    finally:
        from django.db import connections

        connections.close_all()
        admin_sql(url, f"DROP DATABASE IF EXISTS {BENCH_DB}")


def run() -> None:
    import datetime as dt

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bokamera.models import Company
    from scheduling.models import Resource
    from scheduling.occurrences import exception_windows
    from scheduling.selectors import colliding_booking_ids, colliding_bookings

    call_command("migrate", verbosity=0)
    company = Company.objects.create(name="Bench", time_zone="Europe/Stockholm")
    resources = Resource.objects.bulk_create(
        [Resource(company=company, name=f"R{i}") for i in range(RESOURCES * 2)]
    )
    asked = [r.pk for r in resources[:RESOURCES]]
    all_ids = [r.pk for r in resources]
    year_start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    print(f"Filling {BOOKINGS:,} bookings over one year on {len(all_ids)} resources ...", flush=True)
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        # One-hour bookings at random quarter hours between 07:00 and 18:00 UTC, round-robin resources.
        cursor.execute(
            """
            INSERT INTO scheduling_booking
                (company_id, from_at, to_at, status, cancel_message, created, updated)
            SELECT %s, s, s + interval '1 hour', CASE WHEN g %% 10 = 0 THEN 4 ELSE 1 END, '', now(), now()
            FROM (
                SELECT g, %s::timestamptz + (floor(random() * 365) || ' days')::interval
                          + (420 + 15 * floor(random() * 44) || ' minutes')::interval AS s
                FROM generate_series(1, %s) AS g
            ) AS x
            """,
            [company.pk, year_start, BOOKINGS],
        )
        cursor.execute(
            """
            INSERT INTO scheduling_bookingresource (booking_id, resource_id, from_at, to_at, active)
            SELECT b.id, (%s::int[])[1 + (b.id %% %s)], b.from_at, b.to_at, b.status NOT IN (2, 4)
            FROM scheduling_booking b
            """,
            [all_ids, len(all_ids)],
        )
        cursor.execute("ANALYZE scheduling_booking")
        cursor.execute("ANALYZE scheduling_bookingresource")
    print(f"  filled in {time.perf_counter() - t0:.1f} s")

    windows = exception_windows(
        from_date=dt.date(2026, 1, 1),
        to_date=dt.date(2026, 12, 31),
        from_time=dt.timedelta(hours=10),
        to_time=dt.timedelta(hours=12),
        days_of_week=(3,),  # Wednesdays: 52 occurrences
        tz=company.tzinfo,
    )

    def selector():
        return colliding_booking_ids(company=company, resource_ids=asked, windows=windows)

    def selector_rows():
        return list(colliding_bookings(company=company, resource_ids=asked, windows=windows))

    with CaptureQueriesContext(connection) as captured:
        found = selector()
    assert found == sorted(b.pk for b in selector_rows()), "check and rows disagree"
    queries = len(captured.captured_queries)
    selector_ms = median_ms(selector)
    rows_ms = median_ms(selector_rows)

    floor_sql = """
        SELECT DISTINCT br.booking_id FROM scheduling_bookingresource br
        WHERE br.active AND br.resource_id = ANY(%s)
          AND tstzrange(br.from_at, br.to_at, '[)') && (
              SELECT range_agg(tstzrange(w.s, w.e, '[)'))
              FROM unnest(%s::timestamptz[], %s::timestamptz[]) AS w(s, e))
    """
    floor_params = [asked, [w.start for w in windows], [w.end for w in windows]]
    with psycopg.connect(os.environ["DATABASE_URL"]) as raw:

        def floor():
            return raw.execute(floor_sql, floor_params).fetchall()

        floor_ms = median_ms(floor)
        floor_count = len(floor())

    check_sql = captured.captured_queries[0]["sql"]  # the check as executed, parameters inlined
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + check_sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    print(f"windows: {len(windows)}, resources asked: {len(asked)}, colliding bookings: {len(found)}")
    print(f"queries per check: {queries}")
    print(
        f"collision check (ids)    median {selector_ms:7.2f} ms  ratio to floor {selector_ms / floor_ms:4.2f}"
    )
    print(f"colliding rows (objects) median {rows_ms:7.2f} ms  (what a forced cancel loads)")
    print(f"bare-SQL floor           median {floor_ms:7.2f} ms  ({floor_count} ids)")
    print(f"target < 50 ms for the check: {'met' if selector_ms < 50 else 'NOT met'}")
    print("plan of the check:\n" + plan)
    assert len(found) == floor_count, "selector and floor disagree"


if __name__ == "__main__":
    main()
