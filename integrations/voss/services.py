"""Writes for the VOSS integration: recording usage, sending it to VOSS, refreshing products.

Delivery guarantee: a usage row is committed before anything is sent (it is the outbox), every
send carries the row's idempotency key, and a row stays Pending until VOSS's answer is recorded.
So a lost task, a broker outage or a worker dying between sending and recording leads to a
re-send by the sweep, which VOSS deduplicates on the key: billed at least once by us, exactly
once by VOSS.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from bokamera.api.errors import ApplicationError
from bokamera.events import publish_event
from bokamera.models import Company
from bokamera.tasks import enqueue_on_commit
from integrations.voss_models import VossProduct, VossSettings, VossUsage

from .client import ExternalServiceError, VossClient, VossRefused, response_body
from .serializers import product_group_result

logger = logging.getLogger(__name__)

USAGE_CREATED = "voss.usage.created"
UNCONFIGURED_RECHECK = dt.timedelta(minutes=15)  # rows wait, unsent, until VOSS is (re-)enabled
MAX_KEY_LENGTH = VossUsage._meta.get_field("idempotency_key").max_length


def _setting(name: str, default: float) -> float:
    return getattr(settings, name, default)


def stale_after() -> dt.timedelta:
    """How long a new row waits for its on-commit task before the sweep sends it."""
    return dt.timedelta(seconds=_setting("VOSS_PENDING_STALE_AFTER", 120))


def send_lease() -> dt.timedelta:
    """How long a claimed row is left to its sender (longer than every HTTP retry together)."""
    return dt.timedelta(seconds=_setting("VOSS_SEND_LEASE", 300))


def retry_delay(attempts: int) -> dt.timedelta:
    """Between sweeps of a row whose send failed: 1, 2, 4 ... minutes, at most an hour."""
    base = _setting("VOSS_RETRY_BASE_DELAY", 60)
    return dt.timedelta(seconds=min(3600, base * 2 ** max(0, attempts - 1)))


def max_attempts() -> int:
    return int(_setting("VOSS_MAX_ATTEMPTS", 12))


class IdempotencyKeyReused(ApplicationError):
    status_code = 422

    def __init__(self) -> None:
        super().__init__(
            "This Idempotency-Key was already used with a different request.",
            code="IdempotencyKeyReused",
            field="Idempotency-Key",
        )


def _replay(usage: VossUsage, *, article_number: str, quantity: int) -> VossUsage:
    if usage.article_number != article_number or usage.quantity != quantity:
        raise IdempotencyKeyReused()
    return usage


@transaction.atomic
def voss_usage_create(
    *,
    company: Company,
    article_number: str,
    quantity: int,
    idempotency_key: str | None = None,
    user=None,
) -> tuple[VossUsage, bool]:
    """Records usage to invoice and schedules its submission. Returns (usage, created): with a
    key seen before, the first usage and False (nothing recorded, nothing sent)."""
    if idempotency_key is not None and not 0 < len(idempotency_key) <= MAX_KEY_LENGTH:
        raise ApplicationError(
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters.",
            code="Invalid",
            field="Idempotency-Key",
        )
    key = idempotency_key or uuid.uuid4().hex
    existing = VossUsage.objects.filter(company=company, idempotency_key=key).first()
    if existing is not None:
        return _replay(existing, article_number=article_number, quantity=quantity), False
    if not VossSettings.objects.filter(company=company, enabled=True).exists():
        raise ApplicationError(
            "VOSS invoicing is not configured for this company.", code="NotConfigured", field="CompanyId"
        )
    product = VossProduct.objects.filter(company=company, article_number=article_number, active=True).first()
    if product is None:
        raise ApplicationError(
            f"Unknown article number '{article_number}'. See GET /voss/products.",
            code="NotFound",
            field="ArticleNumber",
        )
    now = timezone.now()
    usage = VossUsage(
        company=company,
        product=product,
        article_number=article_number,
        quantity=quantity,
        idempotency_key=key,
        next_attempt_at=now + stale_after(),
        created_by=user if user is not None and user.is_authenticated else None,
        created=now,
    )
    usage.response_body = product_group_result(usage, product)
    try:
        with transaction.atomic():  # a concurrent request with the same key wins the race
            usage.save(force_insert=True)
    except IntegrityError:
        existing = VossUsage.objects.get(company=company, idempotency_key=key)
        return _replay(existing, article_number=article_number, quantity=quantity), False
    publish_event(
        company_id=company.pk,
        event_type=USAGE_CREATED,
        payload={
            "Id": str(usage.pk),
            "ArticleNumber": usage.article_number,
            "Quantity": usage.quantity,
            "IdempotencyKey": usage.idempotency_key,
            "Status": usage.status,
            "Created": usage.response_body["created"],
        },
        sender=__name__,
    )
    from .tasks import submit_voss_usage

    enqueue_on_commit(submit_voss_usage, str(usage.pk))
    return usage, True


def _claim(usage_id: uuid.UUID | str, *, force: bool) -> tuple[VossUsage, VossSettings] | None:
    """Takes the row for one send: Pending, and never tried or due (or `force`). The lease in
    next_attempt_at keeps the sweep and duplicate tasks off it while the request is in flight."""
    now = timezone.now()
    with transaction.atomic():
        usage = VossUsage.objects.select_for_update().filter(pk=usage_id).first()
        if usage is None or usage.status != VossUsage.Status.PENDING:
            return None
        if not force and usage.attempts and usage.next_attempt_at > now:
            return None
        voss_settings = VossSettings.objects.filter(company_id=usage.company_id, enabled=True).first()
        if voss_settings is None:
            usage.last_error = "VOSS invoicing is not configured (or disabled) for this company."
            usage.next_attempt_at = now + UNCONFIGURED_RECHECK
            usage.save(update_fields=["last_error", "next_attempt_at", "updated"])
            return None
        usage.attempts += 1
        usage.last_attempt_at = now
        usage.next_attempt_at = now + send_lease()
        usage.save(update_fields=["attempts", "last_attempt_at", "next_attempt_at", "updated"])
    return usage, voss_settings


def _record(usage_id: uuid.UUID | str, **changes: Any) -> VossUsage | None:
    with transaction.atomic():
        usage = VossUsage.objects.select_for_update().filter(pk=usage_id).first()
        if usage is None or usage.status != VossUsage.Status.PENDING:
            return usage
        for name, value in changes.items():
            setattr(usage, name, value)
        usage.save()
    return usage


def voss_usage_submit(*, usage_id: uuid.UUID | str, force: bool = False) -> VossUsage | None:
    """Sends one Pending usage to VOSS and records the answer: Sent on 2xx, Failed on 4xx (kept),
    still Pending with a later next_attempt_at on network errors/5xx (Failed after
    VOSS_MAX_ATTEMPTS). Safe to run twice or concurrently; returns None when there was nothing
    to send."""
    claim = _claim(usage_id, force=force)
    if claim is None:
        return None
    usage, voss_settings = claim
    client = VossClient.for_settings(voss_settings)
    try:
        status_code, answer = client.report_usage(
            customer_id=voss_settings.customer_id,
            subscription_id=voss_settings.subscription_id,
            article_number=usage.article_number,
            quantity=usage.quantity,
            idempotency_key=usage.voss_idempotency_key,
        )
    except VossRefused as refused:
        logger.warning("VOSS refused usage %s: %s", usage.pk, refused.status_code)
        return _record(
            usage.pk,
            status=VossUsage.Status.FAILED,
            voss_status_code=refused.status_code,
            voss_response=refused.body,
            last_error=f"VOSS refused the usage ({refused.status_code}).",
        )
    except ExternalServiceError as error:
        response = error.response
        final = usage.attempts >= max_attempts()
        return _record(
            usage.pk,
            status=VossUsage.Status.FAILED if final else VossUsage.Status.PENDING,
            next_attempt_at=timezone.now() + retry_delay(usage.attempts),
            voss_status_code=response.status_code if response is not None else None,
            voss_response=response_body(response) if response is not None else None,
            last_error=str(error)[:2000],
        )
    return _record(
        usage.pk,
        status=VossUsage.Status.SENT,
        sent_at=timezone.now(),
        voss_status_code=status_code,
        voss_response=answer,
        last_error="",
    )


def voss_usage_retry(*, usage: VossUsage) -> bool:
    """Staff's retry: a Failed row goes back to Pending (same key, so VOSS still bills once) and
    is sent after commit. Returns False for a row that is not Failed."""
    with transaction.atomic():
        updated = VossUsage.objects.filter(pk=usage.pk, status=VossUsage.Status.FAILED).update(
            status=VossUsage.Status.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
            updated=timezone.now(),
        )
        if updated:
            from .tasks import submit_voss_usage

            enqueue_on_commit(submit_voss_usage, str(usage.pk))
    return bool(updated)


def voss_products_refresh(*, company: Company) -> dict[str, int]:
    """Upserts the company's products from VOSS. Products VOSS no longer lists are deactivated
    if they came from VOSS; products staff added by hand (no VOSS id) are left alone."""
    voss_settings = VossSettings.objects.filter(company=company).first()
    if voss_settings is None:
        raise ApplicationError("VOSS is not configured for this company.", code="NotConfigured")
    items = VossClient.for_settings(voss_settings).list_products()  # no transaction open during HTTP
    with transaction.atomic():
        return _products_upsert(company=company, voss_settings=voss_settings, items=items)


def _products_upsert(
    *, company: Company, voss_settings: VossSettings, items: list[dict[str, Any]]
) -> dict[str, int]:
    existing = {p.article_number: p for p in VossProduct.objects.select_for_update().filter(company=company)}
    types = set(VossProduct.ProductType.values)
    created = updated = 0
    seen: set[str] = set()
    for item in items:
        number = str(item.get("articleNumber") or "").strip()
        if not number or number in seen:
            continue
        seen.add(number)
        values = {
            "name": str(item.get("name") or number)[:200],
            "product_type": item.get("type") if item.get("type") in types else VossProduct.ProductType.USAGE,
            "voss_id": str(item.get("id") or "")[:100],
            "active": item.get("status", "Published") != "Disabled",
        }
        product = existing.get(number)
        if product is None:
            VossProduct.objects.create(company=company, article_number=number, **values)
            created += 1
        elif any(getattr(product, k) != v for k, v in values.items()):
            VossProduct.objects.filter(pk=product.pk).update(**values, updated=timezone.now())
            updated += 1
    gone = [p.pk for n, p in existing.items() if n not in seen and p.voss_id and p.active]
    deactivated = VossProduct.objects.filter(pk__in=gone).update(active=False, updated=timezone.now())
    VossSettings.objects.filter(pk=voss_settings.pk).update(products_refreshed_at=timezone.now())
    return {"created": created, "updated": updated, "deactivated": deactivated}
