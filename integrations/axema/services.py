"""Axema Vaka user sync: start a job, run it page by page, finish it, reap dead ones.

A job pages through Vaka's persons; each page is written in one transaction of a few set-based
queries (no query per user): existing customers are read by Axema person id (then e-mail), new and
changed ones are written with one `INSERT ... ON CONFLICT DO UPDATE ... WHERE IS DISTINCT FROM`,
and access keys (PIN code, cards) are diffed and written in bulk. The progress counters move in
the same transaction as the page's rows.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone

from bokamera.api.errors import ApplicationError, Conflict
from bokamera.events import publish_event
from bokamera.models import Company
from bokamera.tasks import enqueue, enqueue_on_commit
from customers.models import AccessKeyType, Customer, UserAccessKey
from integrations.axema_models import (
    AxemaSettings,
    AxemaUserSyncJob,
    AxemaUserSyncStatus,
    AxemaUserSyncTrigger,
)

from . import conf
from .client import VakaClient, VakaError, VakaPage, VakaPerson

logger = logging.getLogger(__name__)

EVENT_COMPLETED = "axema.usersync.completed"
EVENT_FAILED = "axema.usersync.failed"
ACCESS_KEY_DESCRIPTION = "Axema Vaka"  # marks keys the sync owns (and may delete when Vaka drops them)
CUSTOMER_SYNC_FIELDS = ("firstname", "lastname", "email", "phone")
MAX_REPORTED_REASONS = 5
Status = AxemaUserSyncStatus


class _JobLost(Exception):
    """The job stopped being Processing under us (reaped): stop writing."""


# ---------------------------------------------------------------------------------------------
# Settings


@transaction.atomic
def axema_settings_save(
    *,
    company: Company,
    api_endpoint: str,
    username: str,
    password: str | None = None,
    port: int | None = None,
    enabled: bool = True,
    nightly_sync: bool = False,
) -> AxemaSettings:
    """Creates or updates the company's settings; `password=None` keeps the stored one."""
    defaults: dict[str, Any] = {
        "api_endpoint": api_endpoint,
        "port": port,
        "username": username,
        "enabled": enabled,
        "nightly_sync": nightly_sync,
    }
    if password is not None:
        defaults["password"] = password
    obj, _ = AxemaSettings.objects.update_or_create(company=company, defaults=defaults)
    return obj


# ---------------------------------------------------------------------------------------------
# Starting and finishing jobs


def job_payload(job: AxemaUserSyncJob) -> dict[str, Any]:
    """The job as on the wire (AxemaUserSyncJobResponse), for webhook events."""
    from .serializers import AxemaUserSyncJobOutput

    return dict(AxemaUserSyncJobOutput(job).data)


@transaction.atomic
def axema_user_sync_start(
    *,
    company: Company,
    trigger: str = AxemaUserSyncTrigger.API,
    requested_by: AbstractBaseUser | None = None,
    enqueue_task: bool = True,
) -> AxemaUserSyncJob:
    """Creates a Pending job and sends it to a worker after commit.

    The partial unique index on (company) for Pending/Processing jobs decides between concurrent
    starts: the loser's INSERT fails (PostgreSQL makes it wait for the winner's commit) -> 409.
    """
    if not AxemaSettings.objects.filter(company=company, enabled=True).exists():
        raise ApplicationError(
            "Axema is not configured or not enabled for this company.",
            code="AxemaNotConfigured",
            field="CompanyId",
        )
    try:
        with transaction.atomic():
            job = AxemaUserSyncJob.objects.create(
                company=company,
                trigger=trigger,
                requested_by=requested_by if requested_by and requested_by.is_authenticated else None,
                enqueued_at=timezone.now() if enqueue_task else None,
            )
    except IntegrityError:
        running = (
            AxemaUserSyncJob.objects.filter(company=company, status__in=[Status.PENDING, Status.PROCESSING])
            .values_list("id", flat=True)
            .first()
        )
        raise Conflict(
            "A user sync is already running for this company.",
            code="AxemaUserSyncRunning",
            meta={"JobId": str(running)} if running else None,
        ) from None
    if enqueue_task:
        _enqueue_after_commit(job.id)
    return job


def _enqueue_after_commit(job_id: uuid.UUID) -> None:
    """A broker outage does not fail the request: the job stays Pending and the reaper re-sends it."""
    from .tasks import axema_user_sync_run_task

    enqueue_on_commit(axema_user_sync_run_task, str(job_id))


@transaction.atomic
def axema_user_sync_finish(
    *,
    job_id: uuid.UUID | str,
    status: int,
    error_message: str = "",
    from_statuses: Sequence[int] = (Status.PROCESSING,),
    stale_before: dt.datetime | None = None,
    users_found: int | None = None,
) -> AxemaUserSyncJob | None:
    """Ends a job (Completed/Failed) and publishes its event; None when it was no longer in
    `from_statuses` (or, for the reaper, showed a heartbeat after `stale_before`)."""
    job = AxemaUserSyncJob.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.status not in from_statuses:
        return None
    if stale_before is not None and job.heartbeat_at and job.heartbeat_at >= stale_before:
        return None
    job.status = status
    job.error_message = error_message[:4000]
    job.finished_at = timezone.now()
    if users_found is not None:
        job.users_found = users_found
    if job.users_created is None:
        job.users_created = job.users_updated = 0
    job.save()
    publish_event(
        company_id=job.company_id,
        event_type=EVENT_COMPLETED if status == Status.COMPLETED else EVENT_FAILED,
        payload=job_payload(job),
        sender=__name__,
    )
    return job


# ---------------------------------------------------------------------------------------------
# Running a job


def axema_user_sync_run(
    *, job_id: uuid.UUID | str, on_progress: Callable[[SyncProgress], None] | None = None
) -> AxemaUserSyncJob | None:
    """Runs a Pending job to its end. Safe to call twice: only the call that moves the job from
    Pending to Processing works; any other returns None. `on_progress` is told after each page."""
    now = timezone.now()
    claimed = AxemaUserSyncJob.objects.filter(pk=job_id, status=Status.PENDING).update(
        status=Status.PROCESSING,
        started_at=now,
        heartbeat_at=now,
        updated=now,
        users_found=None,
        users_processed=0,
        users_created=0,
        users_updated=0,
        users_skipped=0,
    )
    if not claimed:
        return None
    job = AxemaUserSyncJob.objects.get(pk=job_id)
    reasons: list[str] = []
    seen = skipped = 0
    listed: set[str] = set()
    totals: set[int | None] = set()
    progress = SyncProgress()
    try:
        cfg = AxemaSettings.objects.filter(company_id=job.company_id, enabled=True).first()
        if cfg is None:
            raise VakaError("Axema is not configured or not enabled for this company.")
        page_size = conf.get("AXEMA_PAGE_SIZE")
        with VakaClient(
            api_endpoint=cfg.api_endpoint, port=cfg.port, username=cfg.username, password=cfg.password
        ) as client:
            for page in client.iter_pages(page_size):
                seen += page.record_count
                listed.update(person.person_id for person in page.persons)
                totals.add(page.total_count)
                skipped += len(page.malformed)
                reasons.extend(page.malformed[: MAX_REPORTED_REASONS - len(reasons)])
                found = max(page.total_count or 0, seen)
                result = _sync_page(job, page, found=found)
                progress.found = found
                progress.processed += len(page.persons)
                progress.created += result.created
                progress.updated += result.updated
                if on_progress is not None:
                    on_progress(progress)
    except _JobLost:
        logger.warning("Axema user sync %s was ended elsewhere (reaped); stopped writing", job_id)
        return None
    except VakaError as exc:
        return axema_user_sync_finish(job_id=job_id, status=Status.FAILED, error_message=str(exc))
    except Exception:  # the job must not stay Processing; the error is re-raised below
        axema_user_sync_finish(
            job_id=job_id, status=Status.FAILED, error_message="The sync stopped on an internal error."
        )
        raise
    # Keys are judged unlisted only after a run that provably saw every person: no record left
    # out, and one totalCount on every page equal to the persons seen (offset paging over a
    # list that changed meanwhile can skip a person at a page boundary).
    if not skipped and totals == {len(listed)}:
        axema_unlisted_access_keys_delete(company_id=job.company_id, listed=listed)
    message = f"{skipped} malformed record(s) left out: " + "; ".join(reasons) if skipped else ""
    return axema_user_sync_finish(
        job_id=job_id, status=Status.COMPLETED, error_message=message, users_found=seen
    )


@transaction.atomic
def axema_unlisted_access_keys_delete(*, company_id: uuid.UUID, listed: set[str]) -> int:
    """After a complete run: deletes the sync's access keys of customers whose person Vaka no
    longer lists (a person removed from Vaka must not keep opening doors). The customers stay."""
    keys = UserAccessKey.objects.filter(company_id=company_id, description=ACCESS_KEY_DESCRIPTION)
    stale = [key_id for key_id, pid in keys.values_list("id", "customer__external_id") if pid not in listed]
    for start in range(0, len(stale), 1000):
        UserAccessKey.objects.filter(id__in=stale[start : start + 1000]).delete()
    return len(stale)


@dataclass
class SyncProgress:
    found: int = 0
    processed: int = 0
    created: int = 0
    updated: int = 0


def _sync_page(job: AxemaUserSyncJob, page: VakaPage, *, found: int) -> UpsertResult:
    with transaction.atomic():
        result = vaka_persons_upsert(company_id=job.company_id, persons=page.persons)
        now = timezone.now()
        moved = AxemaUserSyncJob.objects.filter(pk=job.pk, status=Status.PROCESSING).update(
            users_found=found,
            users_processed=F("users_processed") + len(page.persons),
            users_created=F("users_created") + result.created,
            users_updated=F("users_updated") + result.updated,
            users_skipped=F("users_skipped") + len(page.malformed),
            heartbeat_at=now,
            updated=now,
        )
        if not moved:
            raise _JobLost()
    return result


# ---------------------------------------------------------------------------------------------
# Writing one page of persons


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    customer_ids: dict[str, uuid.UUID] = field(default_factory=dict)  # person id -> customer id


@transaction.atomic
def vaka_persons_upsert(*, company_id: uuid.UUID, persons: Iterable[VakaPerson]) -> UpsertResult:
    """Creates or updates the customers (matched on Axema person id, then e-mail) and their
    access keys for one page of Vaka persons, in a constant number of queries."""
    by_id: dict[str, VakaPerson] = {}
    for person in persons:  # a person listed twice: the last record wins
        by_id[person.person_id] = person
    result = UpsertResult()
    if not by_id:
        return result

    existing = {
        row["external_id"]: row
        for row in Customer.objects.filter(company_id=company_id, external_id__in=list(by_id)).values(
            "id", "external_id", "user_id", *CUSTOMER_SYNC_FIELDS
        )
    }
    missing = [p for pid, p in by_id.items() if pid not in existing]
    adopted = _match_by_email(company_id, missing)

    now = timezone.now()
    to_write: list[dict[str, Any]] = []
    new_ids: dict[str, uuid.UUID] = {}
    updated: set[str] = set()
    for pid, person in by_id.items():
        values = {name: getattr(person, name) for name in CUSTOMER_SYNC_FIELDS}
        row = existing.get(pid)
        if row is not None:
            result.customer_ids[pid] = row["id"]
            values = _merged(values, row)
            if any(row[name] != value for name, value in values.items()):
                to_write.append({"id": row["id"], "company_id": company_id, "external_id": pid, **values})
                updated.add(pid)
        elif pid in adopted:
            customer = adopted[pid]
            current = {name: getattr(customer, name) for name in (*CUSTOMER_SYNC_FIELDS, "user_id")}
            for name, value in _merged(values, current).items():
                setattr(customer, name, value)
            customer.external_id = pid
            customer.updated = now
            result.customer_ids[pid] = customer.id
            updated.add(pid)
        else:
            new_ids[pid] = uuid.uuid4()
            to_write.append({"id": new_ids[pid], "company_id": company_id, "external_id": pid, **values})

    if adopted:
        Customer.objects.bulk_update(
            list(adopted.values()), ["external_id", *CUSTOMER_SYNC_FIELDS, "updated"]
        )
    for pid, customer_id in _upsert_customers(to_write).items():
        result.customer_ids[pid] = customer_id
        if pid in new_ids and new_ids[pid] != customer_id:  # someone created it meanwhile
            new_ids.pop(pid)
            updated.add(pid)
    result.created = len(new_ids)
    unresolved = [pid for pid in by_id if pid not in result.customer_ids]
    if unresolved:  # created meanwhile with the same values: the upsert returned nothing for them
        result.customer_ids.update(
            Customer.objects.filter(company_id=company_id, external_id__in=unresolved).values_list(
                "external_id", "id"
            )
        )
        for pid in unresolved:
            new_ids.pop(pid, None)
        result.created = len(new_ids)

    changed_keys = _sync_access_keys(company_id, by_id, result.customer_ids, now)
    updated.update(pid for pid in changed_keys if pid not in new_ids)
    result.updated = len(updated)
    return result


def _merged(vaka: dict[str, str], current: dict[str, Any]) -> dict[str, str]:
    """Vaka's values, except that an empty one never blanks a value we have, and the e-mail of a
    customer with an own account is the customer's to change (customers.models.Customer.user)."""
    merged = {name: value or (current.get(name) or "") for name, value in vaka.items()}
    if current.get("user_id"):
        merged["email"] = current.get("email") or ""
    return merged


def _match_by_email(company_id: uuid.UUID, persons: list[VakaPerson]) -> dict[str, Customer]:
    """Customers without a person id whose e-mail (any case) matches a person; each customer is
    adopted by at most one person (the first)."""
    emails = {p.email for p in persons if p.email}
    if not emails:
        return {}
    candidates: dict[str, Customer] = {}
    query = (
        Customer.objects.annotate(email_lower=Lower("email"))
        .filter(company_id=company_id, external_id__isnull=True, email_lower__in=emails)
        .order_by("created", "id")
    )
    for customer in query:
        candidates.setdefault(customer.email_lower, customer)
    adopted: dict[str, Customer] = {}
    for person in persons:
        customer = candidates.pop(person.email, None) if person.email else None
        if customer is not None:
            adopted[person.person_id] = customer
    return adopted


def _upsert_customers(rows: list[dict[str, Any]]) -> dict[str, uuid.UUID]:
    """Person id -> customer id of the rows inserted or changed."""
    written = _upsert(
        Customer,
        rows,
        conflict=("company", "external_id"),
        conflict_where="external_id",
        update=(*CUSTOMER_SYNC_FIELDS, "updated"),
        compare=CUSTOMER_SYNC_FIELDS,
        returning=("id", "external_id"),
    )
    return {pid: Customer._meta.pk.to_python(pk) for pk, pid in written}


def _upsert(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]],
    *,
    conflict: Sequence[str],
    update: Sequence[str],
    compare: Sequence[str],
    conflict_where: str = "",
    returning: Sequence[str] = (),
) -> list[tuple]:
    """`INSERT ... ON CONFLICT (conflict) [WHERE conflict_where IS NOT NULL] DO UPDATE SET update
    WHERE compare differs`: rows whose values did not change are not rewritten. `rows` map
    attnames to values (all rows the same keys); other columns get their default, timestamps now.
    Returns the `returning` columns of the rows inserted or updated."""
    if not rows:
        return []
    meta = model._meta
    fields = list(meta.concrete_fields)
    qn = connection.ops.quote_name
    table = qn(meta.db_table)

    def column(name: str) -> str:
        return qn(meta.get_field(name).column)

    compared = [column(name) for name in compare]
    if connection.vendor == "postgresql":
        differs = (
            f"({', '.join(f'{table}.{c}' for c in compared)}) IS DISTINCT FROM "
            f"({', '.join(f'EXCLUDED.{c}' for c in compared)})"
        )
    else:  # SQLite: IS NOT is its null-safe inequality
        differs = " OR ".join(f"{table}.{c} IS NOT excluded.{c}" for c in compared)
    head = f"INSERT INTO {table} ({', '.join(qn(f.column) for f in fields)})"
    tail = f" ON CONFLICT ({', '.join(column(name) for name in conflict)})"
    if conflict_where:  # the target is a partial unique index
        tail += f" WHERE {column(conflict_where)} IS NOT NULL"
    tail += " DO UPDATE SET " + ", ".join(f"{column(n)} = EXCLUDED.{column(n)}" for n in update)
    tail += f" WHERE {differs}"
    if returning:
        tail += " RETURNING " + ", ".join(column(name) for name in returning)

    now = timezone.now()
    columns: list[list[Any]] = []
    for f in fields:
        if f.attname in rows[0]:
            columns.append([row[f.attname] for row in rows])
        else:
            timestamp = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            columns.append([now if timestamp else f.get_default()] * len(rows))
    out: list[tuple] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array per column, unnested: PostgreSQL parses a dozen parameters, not thousands,
            # and psycopg adapts the Python values (UUID, datetime, str) itself.
            arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
            cursor.execute(f"{head} SELECT * FROM unnest({arrays}){tail}", columns)
            if returning:
                out.extend(cursor.fetchall())
            return out
        prepared = [
            [f.get_db_prep_save(v, connection) for v in values]
            for f, values in zip(fields, columns, strict=True)
        ]
        placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
        batch = max(1, min(2000, connection.ops.bulk_batch_size(fields, rows)))
        for start in range(0, len(rows), batch):
            chunk = range(start, min(start + batch, len(rows)))
            params = [values[i] for i in chunk for values in prepared]
            cursor.execute(f"{head} VALUES {', '.join([placeholder] * len(chunk))}{tail}", params)
            if returning:
                out.extend(cursor.fetchall())
    return out


def _existing_access_keys(
    company_id: uuid.UUID, customer_ids: list[uuid.UUID], keys: list[tuple[int, str]]
) -> list[tuple[uuid.UUID, int, str, uuid.UUID, str]]:
    """(id, type, value, customer id, description) of the keys of these customers or with
    these (type, value)s; the latter use the unique index (company, type, value)."""
    by_type: dict[int, list[str]] = {}
    for type_id, value in keys:
        by_type.setdefault(type_id, []).append(value)
    if connection.vendor == "postgresql":
        # Arrays bind as one parameter each, where IN lists would send thousands.
        meta = UserAccessKey._meta
        clauses = ["customer_id = ANY(%s::uuid[])"]
        params: list[Any] = [company_id, customer_ids]
        for type_id, values in by_type.items():
            clauses.append("(access_key_type_id = %s AND value = ANY(%s::varchar[]))")
            params.extend([type_id, values])
        sql = (
            f"SELECT id, access_key_type_id, value, customer_id, description FROM {meta.db_table} "
            f"WHERE company_id = %s AND ({' OR '.join(clauses)})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [tuple(row) for row in cursor.fetchall()]
    lookup = Q(customer_id__in=customer_ids)
    for type_id, values in by_type.items():
        lookup |= Q(access_key_type_id=type_id, value__in=values)
    return list(
        UserAccessKey.objects.filter(company_id=company_id)
        .filter(lookup)
        .values_list("id", "access_key_type_id", "value", "customer_id", "description")
    )


def _sync_access_keys(
    company_id: uuid.UUID,
    persons: dict[str, VakaPerson],
    customer_ids: dict[str, uuid.UUID],
    now: dt.datetime,
) -> set[str]:
    """Makes the page's PIN codes and cards the customers' access keys: creates new ones, moves a
    key whose value now belongs to another person, deletes the sync's keys Vaka no longer lists.
    Returns the person ids whose keys changed."""
    desired: dict[tuple[int, str], str] = {}
    for pid, person in persons.items():
        if person.pin_code:
            desired[(AccessKeyType.PIN_CODE, person.pin_code)] = pid
        for card in person.cards:
            desired[(AccessKeyType.CARD, card)] = pid
    customer_to_person = {cid: pid for pid, cid in customer_ids.items()}
    existing = _existing_access_keys(company_id, list(customer_to_person), list(desired))
    owner = {(type_id, value): customer_id for _, type_id, value, customer_id, _ in existing}
    changed: set[str] = set()
    to_write: list[dict[str, Any]] = []
    for (type_id, value), pid in desired.items():
        customer_id = customer_ids[pid]
        current = owner.get((type_id, value))
        if current == customer_id:
            continue
        if current in customer_to_person:  # moved away from another person of this page
            changed.add(customer_to_person[current])
        changed.add(pid)
        to_write.append(
            {
                "id": uuid.uuid4(),
                "company_id": company_id,
                "access_key_type_id": type_id,
                "value": value,
                "customer_id": customer_id,
                "description": ACCESS_KEY_DESCRIPTION,
            }
        )
    stale = [
        (key_id, customer_id)
        for key_id, type_id, value, customer_id, description in existing
        if customer_id in customer_to_person
        and description == ACCESS_KEY_DESCRIPTION
        and (type_id, value) not in desired
    ]
    if stale:
        UserAccessKey.objects.filter(id__in=[key_id for key_id, _ in stale]).delete()
        changed.update(customer_to_person[customer_id] for _, customer_id in stale)
    # New keys are inserted; a key whose value another customer held moves (one statement).
    _upsert(
        UserAccessKey,
        to_write,
        conflict=("company", "access_key_type", "value"),
        update=("customer", "description", "updated"),
        compare=("customer", "description"),
    )
    return changed


# ---------------------------------------------------------------------------------------------
# Periodic work


def axema_user_sync_reap(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Fails Processing jobs without a heartbeat for AXEMA_HEARTBEAT_TIMEOUT_MINUTES (their worker
    died) and Pending ones that never started; sends Pending jobs the broker may have lost again."""
    now = now or timezone.now()
    stale_before = now - dt.timedelta(minutes=conf.get("AXEMA_HEARTBEAT_TIMEOUT_MINUTES"))
    counts = {"failed": 0, "resent": 0}
    stale = AxemaUserSyncJob.objects.filter(status=Status.PROCESSING, heartbeat_at__lt=stale_before)
    for job_id in stale.values_list("id", flat=True):
        minutes = conf.get("AXEMA_HEARTBEAT_TIMEOUT_MINUTES")
        if axema_user_sync_finish(
            job_id=job_id,
            status=Status.FAILED,
            error_message=f"The sync stopped making progress (no heartbeat for {minutes} minutes).",
            stale_before=stale_before,
        ):
            counts["failed"] += 1
    never_before = now - dt.timedelta(minutes=conf.get("AXEMA_PENDING_TIMEOUT_MINUTES"))
    for job_id in AxemaUserSyncJob.objects.filter(
        status=Status.PENDING, created__lt=never_before
    ).values_list("id", flat=True):
        if axema_user_sync_finish(
            job_id=job_id,
            status=Status.FAILED,
            error_message="The sync never started (no worker picked it up).",
            from_statuses=(Status.PENDING,),
        ):
            counts["failed"] += 1
    resend_before = now - dt.timedelta(seconds=conf.get("AXEMA_PENDING_RESEND_SECONDS"))
    lost = AxemaUserSyncJob.objects.filter(status=Status.PENDING).filter(
        Q(enqueued_at__lt=resend_before) | Q(enqueued_at__isnull=True, created__lt=resend_before)
    )
    from .tasks import axema_user_sync_run_task

    for job_id in lost.values_list("id", flat=True):
        if enqueue(axema_user_sync_run_task, str(job_id)):
            AxemaUserSyncJob.objects.filter(pk=job_id).update(enqueued_at=timezone.now())
            counts["resent"] += 1
    return counts


def axema_nightly_syncs_start() -> list[uuid.UUID]:
    """Starts a sync for every company with Axema enabled and the nightly flag on; a company whose
    sync is still running is skipped."""
    started: list[uuid.UUID] = []
    settings_rows = AxemaSettings.objects.filter(enabled=True, nightly_sync=True).select_related("company")
    for cfg in settings_rows:
        try:
            job = axema_user_sync_start(company=cfg.company, trigger=AxemaUserSyncTrigger.NIGHTLY)
        except Conflict:
            logger.info("Nightly Axema sync of %s skipped: one is running", cfg.company_id)
            continue
        started.append(job.id)
    return started
