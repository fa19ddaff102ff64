"""Load test: 50 concurrent clients against gunicorn, PostgreSQL, Redis and a real Celery worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/load.py [--seconds 60]

Needs gunicorn in the venv (`.venv/bin/pip install gunicorn`) and `redis-server` on PATH. Everything
runs on loopback and stops by itself:

- a throwaway database `bench_load` on the server of DATABASE_URL (created, migrated, dropped);
- a private redis-server on a free port (or `--redis-url redis://127.0.0.1:6379/12`);
- gunicorn (gthread) and `celery -A bokamera worker` as subprocesses of this script;
- the VOSS, Axema Vaka and webhook-receiver simulators in this process;
- `seed_demo` (two companies, admin tokens, VOSS/Axema/webhook settings pointing at the
  simulators) plus customers with access keys, a resource with a booking to collide with.

Clients are threads with one httpx connection each (no extra dependency such as locust, and the
checks afterwards need this process's simulators and ORM anyway). Each loops over a weighted mix:
PUT /customers/{Id} (access keys; a third of them on one "hot" customer per company), POST
/timeexceptions (half collide: 409 expected), GET /webhook/endpoints/{Id}/attempts (up to 3 pages),
POST /codelock/axema/usersync (409 while one runs), POST /voss/usage (with Idempotency-Key; one in
ten repeats an earlier key). It prints throughput, p50/p95/p99 per service, 4xx/5xx counts, then
checks the data: the hot customers' keys are one request's complete set (no lost or mixed update),
no two Axema syncs of a company ever ran at once, every usage row was billed by VOSS exactly once.
Exit status 1 when a check fails or any 5xx was answered.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import random
import socket
import sys
import threading
import time
import uuid
import zoneinfo
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchdb import admin_sql, server_url, with_database  # noqa: E402 - bench/ is on sys.path when run as a script

BENCH_DB = "bench_load"
HOT_KEYS = 3
CUSTOMERS_PER_COMPANY = 40
VAKA_PERSONS = 200
MAX_REQUESTS_PER_CLIENT = 100_000  # a bound besides the clock

SERVICES = {  # name -> weight in the mix
    "PUT /customers/{Id}": 35,
    "POST /timeexceptions": 20,
    "GET /webhook/endpoints/{Id}/attempts": 20,
    "POST /voss/usage": 20,
    "POST /codelock/axema/usersync": 5,
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--gunicorn-workers", type=int, default=3)
    parser.add_argument("--gunicorn-threads", type=int, default=8)
    parser.add_argument("--celery-concurrency", type=int, default=2)
    parser.add_argument("--redis-url", default="", help="default: a private redis-server")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return float("nan")
    index = max(0, min(len(sorted_values) - 1, round(pct / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


# ------------------------------------------------------------------------------------------------
# Seeding (in this process, through the ORM and the apps' services)


def seed(simulators: dict) -> list[dict]:
    from bokamera.demo import seed_demo
    from customers.models import AccessKeyType, Customer, UserAccessKey
    from integrations.voss_models import VossProduct
    from scheduling.models import Resource
    from scheduling.services import booking_create
    from webhooks.models import WebhookEndpoint

    os.environ["VOSS_DEMO_URL"] = simulators["voss"].url
    os.environ["AXEMA_DEMO_URL"] = simulators["vaka"].url
    os.environ["DEMO_WEBHOOK_URL"] = f"{simulators['receiver'].url}/hook"
    from integrations.axema import demo as axema_demo
    from integrations.voss import demo as voss_demo

    voss_demo.DEMO_URL = os.environ["VOSS_DEMO_URL"]
    axema_demo.DEMO_URL = os.environ["AXEMA_DEMO_URL"]
    voss_demo.DEMO_API_KEY = simulators["voss"].state.api_key
    summary = seed_demo()

    tenants = []
    for index, entry in enumerate(summary["Companies"]):
        company_id = entry["CompanyId"]
        customers = []
        for n in range(CUSTOMERS_PER_COMPANY):
            customer = Customer.objects.create(
                company_id=company_id,
                firstname=f"Load{n}",
                lastname=f"Company{index}",
                email=f"load{n}.c{index}@example.com",
                phone=f"+4673{index}{n:06d}",
            )
            key = UserAccessKey.objects.create(
                company_id=company_id,
                customer=customer,
                access_key_type_id=AccessKeyType.PIN_CODE,
                value=f"init-{index}-{n}",
            )
            customers.append({"Id": str(customer.pk), "KeyId": str(key.pk), "n": n})
        hot = Customer.objects.create(
            company_id=company_id, firstname="Hot", lastname=f"Company{index}", email="", phone=""
        )
        hot_keys = [
            str(
                UserAccessKey.objects.create(
                    company_id=company_id,
                    customer=hot,
                    access_key_type_id=AccessKeyType.PIN_CODE,
                    value=f"hot-init-{index}-{slot}",
                ).pk
            )
            for slot in range(HOT_KEYS)
        ]
        busy = Resource.objects.create(company_id=company_id, name="Load: booked chair")
        busy.refresh_from_db()
        free = Resource.objects.create(company_id=company_id, name="Load: free chair")
        start = dt.datetime(2030, 6, 3, 10, tzinfo=zoneinfo.ZoneInfo(busy.company.time_zone or "UTC"))
        booking_create(company=busy.company, resources=[busy], start=start, end=start + dt.timedelta(hours=1))
        tenants.append(
            {
                "CompanyId": company_id,
                "Token": entry["AdminToken"],
                "EndpointId": WebhookEndpoint.objects.filter(company_id=company_id).first().public_id,
                "Customers": customers,
                "HotId": str(hot.pk),
                "HotKeys": hot_keys,
                "Busy": busy.pk,
                "Free": free.pk,
                "Articles": list(
                    VossProduct.objects.filter(company_id=company_id, article_number__startswith="USAGE")
                    .order_by("article_number")
                    .values_list("article_number", flat=True)
                ),
            }
        )
    return tenants


# ------------------------------------------------------------------------------------------------
# The clients


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.status: dict[str, dict[int | str, int]] = defaultdict(lambda: defaultdict(int))
        self.samples_5xx: list[str] = []
        self.usage_keys: dict[str, set[str]] = defaultdict(set)  # company -> keys answered 200
        self.replays = 0
        self.replay_mismatches = 0

    def add(self, service: str, status: int | str, seconds: float, body: str = "") -> None:
        with self.lock:
            self.latency[service].append(seconds)
            self.status[service][status] += 1
            if isinstance(status, int) and status >= 500 and len(self.samples_5xx) < 5:
                self.samples_5xx.append(f"{service} {status} {body[:300]}")


def client_loop(n: int, tenant: dict, base_url: str, *, deadline: float, rec: Recorder, seed: int) -> None:
    import httpx

    rng = random.Random(seed * 1000 + n)
    names, weights = list(SERVICES), list(SERVICES.values())
    headers = {"Authorization": f"Bearer {tenant['Token']}"}
    my_keys: list[tuple[str, str, int]] = []  # (key, article, quantity) answered 200
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as client:
        for i in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= deadline:
                return
            service = rng.choices(names, weights)[0]
            tag = f"{n}-{i}"
            started = time.monotonic()
            try:
                if service == "PUT /customers/{Id}":
                    response = put_customer(client, tenant, rng, tag)
                elif service == "POST /timeexceptions":
                    response = post_time_exception(client, tenant, rng, i)
                elif service == "GET /webhook/endpoints/{Id}/attempts":
                    response = page_attempts(client, tenant)
                elif service == "POST /voss/usage":
                    response = post_usage(client, tenant, rng, tag, my_keys=my_keys, rec=rec)
                else:
                    response = client.post("/codelock/axema/usersync", json={})
                rec.add(service, response.status_code, time.monotonic() - started, response.text)
            except httpx.HTTPError as exc:
                rec.add(service, type(exc).__name__, time.monotonic() - started)


def put_customer(client, tenant: dict, rng: random.Random, tag: str):
    if rng.random() < 1 / 3:  # the hot customer: every key and the name carry this request's tag
        keys = [
            {"Id": key_id, "AccessKeyTypeId": 1, "Value": f"hot-{tag}-{slot}", "Description": tag}
            for slot, key_id in enumerate(tenant["HotKeys"])
        ]
        body = {"Firstname": f"Hot {tag}", "Lastname": "Load", "Email": "", "Phone": "", "AccessKeys": keys}
        return client.put(f"/customers/{tenant['HotId']}", json=body)
    customer = rng.choice(tenant["Customers"])
    body = {
        "Firstname": f"Load {tag}",
        "Lastname": "Load",
        "Email": f"load{customer['n']}@example.com",
        "Phone": "+46700000000",
        "AccessKeys": [{"Id": customer["KeyId"], "AccessKeyTypeId": 1, "Value": f"k{customer['n']}-{tag}"}],
    }
    return client.put(f"/customers/{customer['Id']}", json=body)


def post_time_exception(client, tenant: dict, rng: random.Random, i: int):
    if rng.random() < 0.5:  # over the booking, without Force: 409 CollidingBookings
        body = {
            "From": "2030-06-03T00:00:00",
            "To": "2030-06-03",
            "ResourceIds": [tenant["Busy"]],
            "FromTime": "PT9H",
            "ToTime": "PT12H",
            "ReasonText": "Load: collides",
        }
    else:
        day = dt.date(2031, 1, 1) + dt.timedelta(days=rng.randrange(3000))
        body = {
            "From": f"{day.isoformat()}T00:00:00",
            "To": day.isoformat(),
            "ResourceIds": [tenant["Free"]],
            "FromTime": "PT8H",
            "ToTime": "PT9H",
            "ReasonText": f"Load {i}",
        }
    return client.post("/timeexceptions", json=body)


def page_attempts(client, tenant: dict):
    url = f"/webhook/endpoints/{tenant['EndpointId']}/attempts"
    response = client.get(url, params={"Limit": 20})
    for _ in range(2):
        if response.status_code != 200:
            return response
        data = response.json()
        if data.get("Done") or not data.get("Iterator"):
            return response
        response = client.get(url, params={"Limit": 20, "Iterator": data["Iterator"]})
    return response


def post_usage(client, tenant: dict, rng: random.Random, tag: str, *, my_keys: list, rec: Recorder):
    replay = my_keys and rng.random() < 0.1
    if replay:
        key, article, quantity = rng.choice(my_keys)
    else:
        key, article, quantity = f"load-{tag}-{uuid.uuid4().hex[:8]}", rng.choice(tenant["Articles"]), 1
        quantity = rng.randint(1, 9)
    response = client.post(
        "/voss/usage",
        json={"CompanyId": tenant["CompanyId"], "ArticleNumber": article, "Quantity": quantity},
        headers={"Idempotency-Key": key},
    )
    if response.status_code == 200:
        with rec.lock:
            rec.usage_keys[tenant["CompanyId"]].add(key)
            if replay:
                rec.replays += 1
                if response.headers.get("Idempotent-Replayed") != "true":
                    rec.replay_mismatches += 1
        if not replay:
            my_keys.append((key, article, quantity))
    return response


# ------------------------------------------------------------------------------------------------
# Checks of the data afterwards


def check_hot_customers(tenants: list[dict]) -> list[str]:
    from customers.models import Customer, UserAccessKey

    problems = []
    for tenant in tenants:
        hot = Customer.objects.get(pk=tenant["HotId"])
        keys = list(UserAccessKey.objects.filter(customer=hot).order_by("value"))
        tag = hot.firstname.removeprefix("Hot ")
        expected = sorted(f"hot-{tag}-{slot}" for slot in range(HOT_KEYS))
        if hot.firstname == "Hot":
            continue  # never updated in a short run
        if len(keys) != HOT_KEYS or [k.value for k in keys] != expected:
            problems.append(f"hot customer {hot.pk}: name {hot.firstname!r}, keys {[k.value for k in keys]}")
        if any(k.description != tag for k in keys):
            problems.append(f"hot customer {hot.pk}: descriptions {[k.description for k in keys]} != {tag}")
    return problems


def check_axema_jobs() -> tuple[list[str], int]:
    from integrations.axema_models import AxemaUserSyncJob, AxemaUserSyncStatus

    problems = []
    jobs = list(AxemaUserSyncJob.objects.order_by("company_id", "created"))
    by_company = defaultdict(list)
    for job in jobs:
        by_company[job.company_id].append(job)
    for company_id, company_jobs in by_company.items():
        running = [
            j
            for j in company_jobs
            if j.status in (AxemaUserSyncStatus.PENDING, AxemaUserSyncStatus.PROCESSING)
        ]
        if len(running) > 1:
            problems.append(f"company {company_id}: {len(running)} syncs running at once")
        spans = [(j.created, j.finished_at or dt.datetime.max.replace(tzinfo=dt.UTC)) for j in company_jobs]
        for (_, end), (start, _) in itertools.pairwise(spans):
            if start < end:
                problems.append(
                    f"company {company_id}: a sync was created at {start} before the previous ended"
                )
    return problems, len(jobs)


def wait_for_usage(timeout: float) -> int:
    from integrations.voss_models import VossUsage

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = VossUsage.objects.filter(status=VossUsage.Status.PENDING).count()
        if not pending:
            return 0
        time.sleep(0.5)
    return VossUsage.objects.filter(status=VossUsage.Status.PENDING).count()


def check_usage(voss, rec: Recorder) -> tuple[list[str], int]:
    from integrations.voss_models import VossUsage

    problems = []
    rows = list(VossUsage.objects.values_list("company_id", "idempotency_key", "status", "quantity"))
    billed = [row["key"] for row in voss.state.billed]
    if len(billed) != len(set(billed)):
        problems.append(f"VOSS billed {len(billed) - len(set(billed))} usage(s) twice")
    expected = {f"{company}:{key}" for company, key, _, _ in rows}
    if set(billed) != expected:
        problems.append(
            f"billed keys differ from rows: {len(expected - set(billed))} unbilled, "
            f"{len(set(billed) - expected)} unknown"
        )
    not_sent = [row for row in rows if row[2] != VossUsage.Status.SENT]
    if not_sent:
        problems.append(f"{len(not_sent)} usage row(s) not Sent")
    answered = {(str(company), key) for company, keys in rec.usage_keys.items() for key in keys}
    stored = {(str(company), key) for company, key, _, _ in rows}
    if answered != stored:
        problems.append(f"rows differ from keys answered 200: {len(answered ^ stored)} differ")
    if rec.replay_mismatches:
        problems.append(f"{rec.replay_mismatches} repeated key(s) not answered as a replay")
    return problems, len(rows)


# ------------------------------------------------------------------------------------------------


def main() -> int:
    args = parse_args()
    url = server_url()
    admin_sql(url, f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)", f"CREATE DATABASE {BENCH_DB}")
    database = with_database(url, BENCH_DB)
    # Importing anything of the project loads its settings: the environment comes first.
    redis_port = 0
    if args.redis_url:
        broker = args.redis_url
    else:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            redis_port = sock.getsockname()[1]
        broker = f"redis://127.0.0.1:{redis_port}/0"
    os.environ.update(DATABASE_URL=database, CELERY_BROKER_URL=broker, LOG_LEVEL="WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bokamera.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bokamera.testing.processes import app_env, start_celery_worker, start_web_server
    from bokamera.testing.redisserver import RedisServer

    if connection.settings_dict["NAME"] != BENCH_DB:
        sys.exit(f"refusing to run: Django points at {connection.settings_dict['NAME']}, not {BENCH_DB}")
    redis = RedisServer(port=redis_port).start() if redis_port else None

    from integrations.axema.simulator import VakaSimulator, VakaState, make_persons
    from integrations.voss.simulator import VossSimulator
    from webhooks.simulator import start_receiver

    processes = []
    simulators = {}
    try:
        call_command("migrate", verbosity=0)
        simulators["voss"] = VossSimulator(api_key="load-voss-key").start()
        simulators["vaka"] = VakaSimulator(VakaState(persons=make_persons(VAKA_PERSONS), delay=0.2)).start()
        simulators["receiver"] = start_receiver()
        tenants = seed(simulators)
        env = app_env(database_url=database, broker_url=broker, overrides={"AXEMA_PAGE_SIZE": 50})
        env["LOG_LEVEL"] = "WARNING"
        worker = start_celery_worker(env, pool="prefork", concurrency=args.celery_concurrency)
        processes.append(worker)
        web = start_web_server(
            env, server="gunicorn", workers=args.gunicorn_workers, threads=args.gunicorn_threads
        )
        processes.append(web)

        rec = Recorder()
        print(
            f"load: {args.clients} clients for {args.seconds:.0f} s against gunicorn "
            f"({args.gunicorn_workers}x{args.gunicorn_threads} gthread) on {web.url}, "
            f"Celery worker (prefork x{args.celery_concurrency}), PostgreSQL {BENCH_DB}, Redis {broker}",
            flush=True,
        )
        started = time.monotonic()
        deadline = started + args.seconds
        threads = [
            threading.Thread(
                target=client_loop,
                args=(n, tenants[n % len(tenants)], web.url),
                kwargs={"deadline": deadline, "rec": rec, "seed": args.seed},
                daemon=True,
            )
            for n in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 60)
        elapsed = time.monotonic() - started

        total = sum(len(v) for v in rec.latency.values())
        print(f"\n{total} requests in {elapsed:.1f} s = {total / elapsed:.1f} req/s\n")
        print(f"{'service':40} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  statuses")
        errors_5xx = transport_errors = 0
        for service in SERVICES:
            values = sorted(rec.latency.get(service, []))
            statuses = dict(sorted(rec.status[service].items(), key=lambda kv: str(kv[0])))
            errors_5xx += sum(c for s, c in statuses.items() if isinstance(s, int) and s >= 500)
            transport_errors += sum(c for s, c in statuses.items() if not isinstance(s, int))
            print(
                f"{service:40} {len(values):>6} {percentile(values, 50) * 1000:>8.1f} "
                f"{percentile(values, 95) * 1000:>8.1f} {percentile(values, 99) * 1000:>8.1f}  {statuses}"
            )
        conflicts = sum(rec.status[s].get(409, 0) for s in SERVICES)
        other_4xx = (
            sum(
                c
                for s in SERVICES
                for st, c in rec.status[s].items()
                if isinstance(st, int) and 400 <= st < 500
            )
            - conflicts
        )
        print(
            f"\n5xx: {errors_5xx}   transport errors: {transport_errors}   409 (expected): {conflicts}"
            f"   other 4xx: {other_4xx}   VOSS key replays: {rec.replays}"
        )
        for sample in rec.samples_5xx:
            print("  5xx sample:", sample)

        print("\nchecks (after the worker drained the outbox):")
        left = wait_for_usage(120)
        hot = check_hot_customers(tenants)
        axema, jobs = check_axema_jobs()
        usage, rows = check_usage(simulators["voss"], rec)
        print(f"  hot customers' access keys one request's complete set: {hot if hot else 'ok'}")
        print(f"  Axema syncs never two at once per company ({jobs} jobs): {axema if axema else 'ok'}")
        print(
            f"  VOSS usage rows billed exactly once ({rows} rows, {len(simulators['voss'].state.billed)} "
            f"billed, {left} still pending): {usage if usage else 'ok'}"
        )
        print(
            f"\nmachine: {platform.node()} {platform.platform()} {os.cpu_count()} CPUs; "
            f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
        )
        failed = bool(hot or axema or usage or errors_5xx or transport_errors or other_4xx)
        print("RESULT:", "FAIL" if failed else "PASS")
        return 1 if failed else 0
    finally:
        for process in reversed(processes):
            process.stop(remove_log=True)
        for simulator in simulators.values():
            simulator.stop()
        from django.db import connections

        connections.close_all()
        admin_sql(url, f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        if redis is not None:
            redis.stop()


if __name__ == "__main__":
    sys.exit(main())
