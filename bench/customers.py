"""Benchmark of PUT /customers/{Id} on PostgreSQL: a customer with 5 custom fields and 3 access keys.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/customers.py [requests]

Creates a throwaway database `bench_customers` on the server of DATABASE_URL, migrates it, runs
the requests in-process through Django's test client (no network), prints the median and p95
latency, the SQL statements per request, and the throughput as a ratio to a bare Django JSON
view measured in the same run, then drops the database.
"""

from __future__ import annotations

import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchdb import admin_sql, server_url, setup_django  # noqa: E402 - bench/ is on sys.path when run as a script

BENCH_DB = "bench_customers"
QUERY_LIMIT = 15


def _urlconf() -> str:
    from django.http import JsonResponse
    from django.urls import include, path

    def bare(request):
        return JsonResponse({"Id": "bare", "Firstname": "Bench"})

    module = types.ModuleType("bench_customers_urls")
    module.urlpatterns = [path("bare", bare), path("", include("bokamera.urls"))]
    sys.modules[module.__name__] = module
    return module.__name__


def _fixtures():
    from bokamera.models import Company
    from bokamera.roles import ADMIN_WRITE, grant_role
    from bokamera.services import api_token_create, user_get_or_create
    from customers.models import Customer, CustomerComment, CustomFieldConfig, InvoiceAddress, UserAccessKey

    company = Company.objects.create(name="Bench company")
    admin = user_get_or_create(username="bench-admin", email="bench@example.com")
    grant_role(admin, ADMIN_WRITE, company)
    _, token = api_token_create(user=admin, name="bench")
    customer = Customer.objects.create(company=company, firstname="Bench", lastname="Mark", email="b@x.se")
    InvoiceAddress.objects.create(customer=customer, invoice_city="Stockholm")
    CustomerComment.objects.create(customer=customer, comments="Benchmark customer")
    fields = [
        CustomFieldConfig.objects.create(
            company=company, name=f"Field {n}", reg_ex=r"^v\d+$", column=f"TF{n}"
        )
        for n in range(5)
    ]
    keys = [
        UserAccessKey.objects.create(
            company=company, customer=customer, access_key_type_id=1, value=f"{n}000"
        )
        for n in range(3)
    ]
    return token, customer, fields, keys


def _body(round_: int, fields, keys) -> dict:
    return {
        "Firstname": f"Bench {round_}",
        "Lastname": "Mark",
        "Phone": "070-000",
        "Email": "b@x.se",
        "CustomFields": [{"Id": f.pk, "Value": f"v{round_}"} for f in fields],
        "AccessKeys": [{"Id": str(k.pk), "Value": f"{k.pk.hex[:8]}-{round_}"} for k in keys],
        "InvoiceAddress": {"InvoiceCity": f"City {round_}", "InvoiceCountryCode": "SE"},
    }


def _time(call, count: int) -> tuple[list[float], float]:
    latencies = []
    started = time.perf_counter()
    for i in range(count):
        t0 = time.perf_counter()
        call(i)
        latencies.append((time.perf_counter() - t0) * 1000)
    return latencies, time.perf_counter() - started


def run(requests: int) -> None:
    import json

    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    token, customer, fields, keys = _fixtures()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = f"/customers/{customer.pk}"

    def put(i: int) -> None:
        response = client.put(url, json.dumps(_body(i, fields, keys)), content_type="application/json")
        if response.status_code != 200:
            raise SystemExit(f"PUT failed: {response.status_code} {response.content[:500]!r}")

    def bare(i: int) -> None:
        client.get("/bare")

    with override_settings(ROOT_URLCONF=_urlconf()):
        for i in range(20):  # warm-up: imports, the token's last_used, connection
            put(i)
            bare(i)
        counts, sql_ms, wall_ms = [], [], []
        for i in range(20):
            spent = [0.0]

            def timed(execute, sql, params, many, context, *, spent=spent):
                started = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    spent[0] += time.perf_counter() - started

            with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timed):
                started = time.perf_counter()
                put(1000 + i)
                wall_ms.append((time.perf_counter() - started) * 1000)
            counts.append(len(queries))
            sql_ms.append(spent[0] * 1000)
        # Alternating blocks, so a change in the machine's load hits both sides alike.
        put_ms, bare_ms, put_total, bare_total = [], [], 0.0, 0.0
        rounds = 10
        for r in range(rounds):
            block = requests // rounds
            latencies, total = _time(lambda i, r=r, block=block: put(2000 + r * block + i), block)
            put_ms += latencies
            put_total += total
            latencies, total = _time(bare, block)
            bare_ms += latencies
            bare_total += total
        requests = len(put_ms)

    put_rps, bare_rps = requests / put_total, requests / bare_total
    p95 = statistics.quantiles(put_ms, n=20)[-1]
    print(f"PUT /customers/{{Id}} with 5 custom fields and 3 access keys, {requests} requests (PostgreSQL)")
    print(f"  median latency   {statistics.median(put_ms):7.2f} ms   p95 {p95:.2f} ms")
    print(
        f"  SQL per request  {sorted(set(counts))} (limit {QUERY_LIMIT}; constant: {len(set(counts)) == 1})"
    )
    print(
        f"  time in SQL      {statistics.median(sql_ms):7.2f} ms of {statistics.median(wall_ms):.2f} ms"
        " (median of 20 requests: time inside cursor.execute)"
    )
    print(f"  throughput       {put_rps:7.0f} req/s")
    print(f"bare Django JSON view: median {statistics.median(bare_ms):.2f} ms, {bare_rps:.0f} req/s")
    print(f"ratio PUT/bare throughput: {put_rps / bare_rps:.3f} (bare is {bare_rps / put_rps:.1f}x faster)")


def main() -> None:
    url = server_url()
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    admin_sql(url, f"DROP DATABASE IF EXISTS {BENCH_DB}", f"CREATE DATABASE {BENCH_DB}")
    try:
        setup_django(url, BENCH_DB)
        run(requests)
    finally:
        from django.db import connections

        connections.close_all()
        admin_sql(url, f"DROP DATABASE IF EXISTS {BENCH_DB}")


if __name__ == "__main__":
    main()
