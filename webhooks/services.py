"""Writes of the webhooks app: endpoints, the outbox of delivery attempts, and delivery itself.

Delivery follows Svix: an attempt right away, then retries 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and
10 h after each failure; the eighth failure is final. Each try is one WebhookMessageAttempt row.
A Pending row with a due `next_attempt_at` is claimed (Pending -> Sending) under
`select_for_update(skip_locked=True)`, so two workers never send the same attempt; long delays
live in that column and a periodic sweep (`attempts_sweep`) picks them up, never a Celery countdown.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import json
import logging
import time
import uuid
from collections.abc import Iterable
from typing import Any

import httpx
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from bokamera.api.errors import ApplicationError
from bokamera.http import ExternalServiceError, RetryPolicy, make_client, send
from bokamera.models import Company
from bokamera.tasks import enqueue, enqueue_on_commit

from .models import (
    EVENT_TYPES,
    RESPONSE_BODY_LIMIT,
    AttemptStatus,
    TriggerType,
    WebhookEndpoint,
    WebhookMessage,
    WebhookMessageAttempt,
    new_secret,
)

logger = logging.getLogger(__name__)

RETRY_DELAYS: tuple[dt.timedelta, ...] = (
    dt.timedelta(seconds=5),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=5),
    dt.timedelta(hours=10),
    dt.timedelta(hours=10),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
DISABLE_AFTER = dt.timedelta(days=5)
DELIVERY_TIMEOUT = 15.0  # seconds
# A Sending row older than this lost its worker (or its task): the sweep sends it again.
SENDING_LEASE = dt.timedelta(minutes=2)
SWEEP_BATCH = 500


# --- endpoints -------------------------------------------------------------------------------


def _clean_event_types(event_types: Iterable[str]) -> list[str]:
    cleaned = list(dict.fromkeys(t.strip() for t in event_types if t and t.strip()))
    if not cleaned:
        raise ApplicationError("At least one event type is required.", code="NotEmpty", field="EventTypes")
    unknown = [t for t in cleaned if t not in EVENT_TYPES]
    if unknown:
        raise ApplicationError(
            f"Unknown event type(s): {', '.join(unknown)}. Known: {', '.join(EVENT_TYPES)}.",
            code="Invalid",
            field="EventTypes",
        )
    return cleaned


def endpoint_create(
    *,
    company: Company,
    url: str,
    event_types: Iterable[str],
    description: str = "",
    disabled: bool = False,
) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        company=company,
        url=url,
        event_types=_clean_event_types(event_types),
        description=description or "",
        disabled=disabled,
    )


@transaction.atomic
def endpoint_update(
    *,
    endpoint: WebhookEndpoint,
    url: str,
    event_types: Iterable[str],
    description: str | None = None,
    disabled: bool | None = None,
) -> WebhookEndpoint:
    endpoint.url = url
    endpoint.event_types = _clean_event_types(event_types)
    if description is not None:
        endpoint.description = description
    if disabled is not None:
        endpoint.disabled = disabled
        if not disabled:
            endpoint.failing_since = None  # re-enabled: the 5-day clock starts over
    endpoint.save()
    return endpoint


def endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    """Deletes the endpoint with its attempts (as Svix does); messages stay."""
    endpoint.delete()


def endpoint_rotate_secret(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """A new secret signs every later attempt, retries of older messages included."""
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret", "updated"])
    return endpoint


# --- messages: the outbox --------------------------------------------------------------------


def message_create(
    *,
    company_id: uuid.UUID | str,
    event_type: str,
    payload: dict[str, Any],
    event_id: str,
    now: dt.datetime | None = None,
) -> WebhookMessage | None:
    """Turns a domain event into a message and one Pending attempt per enabled endpoint of the
    company that subscribes to `event_type`; runs in the caller's transaction and enqueues the
    deliveries after commit. Returns None when no endpoint listens (nothing is stored)."""
    endpoints = [
        ep
        for ep in WebhookEndpoint.objects.filter(company_id=company_id, disabled=False).only(
            "id", "url", "event_types"
        )
        if event_type in (ep.event_types or [])
    ]
    if not endpoints:
        return None
    now = now or timezone.now()
    try:
        with transaction.atomic():
            message = WebhookMessage.objects.create(
                company_id=company_id,
                event_type=event_type,
                event_id=event_id,
                payload=payload,
                timestamp=now,
            )
    except IntegrityError:  # the same event again: it is already in the outbox
        return WebhookMessage.objects.get(company_id=company_id, event_id=event_id)
    attempts = WebhookMessageAttempt.objects.bulk_create(
        WebhookMessageAttempt(
            message=message,
            endpoint=ep,
            event_type=event_type,
            url=ep.url,
            timestamp=now,
            next_attempt_at=now,
        )
        for ep in endpoints
    )
    _enqueue_deliveries(attempts)
    return message


def _enqueue_deliveries(attempts: list[WebhookMessageAttempt]) -> None:
    from .tasks import deliver_attempt

    for attempt in attempts:
        if attempt.pk is None:  # a backend without RETURNING: the sweep sends it
            continue
        enqueue_on_commit(deliver_attempt, attempt.pk)


@transaction.atomic
def message_resend(
    *, message: WebhookMessage, endpoint: WebhookEndpoint, now: dt.datetime | None = None
) -> WebhookMessageAttempt:
    """A Manual attempt of `message` to `endpoint`, sent once (a failed resend is not retried)."""
    if endpoint.company_id != message.company_id:
        raise ApplicationError("The endpoint belongs to another company.", field="EndpointId")
    now = now or timezone.now()
    attempt = WebhookMessageAttempt.objects.create(
        message=message,
        endpoint=endpoint,
        event_type=message.event_type,
        url=endpoint.url,
        timestamp=now,
        next_attempt_at=now,
        trigger_type=TriggerType.MANUAL,
    )
    _enqueue_deliveries([attempt])
    return attempt


# --- signing ---------------------------------------------------------------------------------


def message_body(message: WebhookMessage) -> bytes:
    """The JSON we POST: Standard Webhooks' recommended envelope around the event's payload."""
    envelope = {
        "type": message.event_type,
        "timestamp": message.timestamp.isoformat().replace("+00:00", "Z"),
        "data": message.payload,
    }
    return json.dumps(envelope, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def sign(*, secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """Standard Webhooks: `v1,` + base64(HMAC-SHA256(base64-decoded secret, `id.timestamp.body`))."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


# --- delivery --------------------------------------------------------------------------------


@functools.cache
def _client() -> httpx.Client:
    """One pooled client per worker process (created lazily, after the fork); the timeout is set
    per request, so a changed setting applies to the pooled client too."""
    return make_client(timeout=DELIVERY_TIMEOUT)


def _delivery_timeout() -> httpx.Timeout:
    seconds = float(getattr(settings, "WEBHOOK_DELIVERY_TIMEOUT", DELIVERY_TIMEOUT))
    return httpx.Timeout(seconds, connect=min(5.0, seconds))


def _claim(attempt_id: int, claimed_at: str | None, now: dt.datetime) -> WebhookMessageAttempt | None:
    """Pending and due -> Sending in one conditional UPDATE (a second worker waits on the row lock,
    then matches nothing), or confirms the sweep's claim; None when someone else owns it."""
    rows = WebhookMessageAttempt.objects.filter(pk=attempt_id)
    if claimed_at is None:
        claimed = rows.filter(status=AttemptStatus.PENDING, next_attempt_at__lte=now).update(
            status=AttemptStatus.SENDING, claimed_at=now
        )
        if not claimed:
            return None
        token = now
    else:
        token = dt.datetime.fromisoformat(claimed_at)
    return (
        rows.filter(status=AttemptStatus.SENDING, claimed_at=token)
        .select_related("endpoint", "message")
        .first()
    )


def attempt_deliver(*, attempt_id: int, claimed_at: str | None = None) -> WebhookMessageAttempt | None:
    """Sends one attempt if this caller owns it; records the answer and schedules the retry."""
    attempt = _claim(attempt_id, claimed_at, timezone.now())
    if attempt is None:
        return None
    endpoint, message = attempt.endpoint, attempt.message
    if endpoint.disabled:
        return _record(attempt, started=timezone.now(), code=None, text="Endpoint is disabled.", ms=0)
    body = message_body(message)
    started = timezone.now()
    stamp = int(time.time())
    headers = {
        "content-type": "application/json",
        "user-agent": "BokaMera-Webhooks/1.0",
        "webhook-id": message.public_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": sign(
            secret=endpoint.secret, msg_id=message.public_id, timestamp=stamp, body=body
        ),
    }
    clock = time.monotonic()
    code: int | None = None
    try:
        response = send(
            _client(),
            "POST",
            endpoint.url,
            policy=RetryPolicy(attempts=1),
            content=body,
            headers=headers,
            timeout=_delivery_timeout(),
        )
    except ExternalServiceError as exc:
        response = exc.response
        text = response.text if response is not None else str(exc)
    else:
        text = response.text
    if response is not None:
        code = response.status_code
    ms = int((time.monotonic() - clock) * 1000)
    return _record(attempt, started=started, code=code, text=text, ms=ms)


@transaction.atomic
def _record(
    attempt: WebhookMessageAttempt, *, started: dt.datetime, code: int | None, text: str, ms: int
) -> WebhookMessageAttempt:
    success = code is not None and 200 <= code < 300
    now = timezone.now()
    values = {
        "status": AttemptStatus.SUCCESS if success else AttemptStatus.FAIL,
        "response_status_code": code,
        "response_body": (text or "")[:RESPONSE_BODY_LIMIT],
        "duration_ms": ms,
        "timestamp": started,
        "next_attempt_at": None,
        "claimed_at": None,
    }
    # Conditional on our claim: if the endpoint was deleted meanwhile (its attempts with it), or
    # the sweep re-opened a claim that outlived its lease, there is nothing left to record.
    if not WebhookMessageAttempt.objects.filter(pk=attempt.pk, status=AttemptStatus.SENDING).update(**values):
        return attempt
    for name, value in values.items():
        setattr(attempt, name, value)
    endpoints = WebhookEndpoint.objects.filter(pk=attempt.endpoint_id)
    if success:
        if attempt.endpoint.failing_since is not None:
            endpoints.update(failing_since=None)
        return attempt
    endpoints.filter(failing_since__isnull=True).update(failing_since=now)
    disabled = endpoints.filter(disabled=False, failing_since__lte=now - DISABLE_AFTER).update(disabled=True)
    if disabled:
        logger.warning("Webhook endpoint %s failed for 5 days and was disabled", attempt.endpoint_id)
    endpoint_off = disabled or attempt.endpoint.disabled
    if (
        attempt.trigger_type == TriggerType.SCHEDULED
        and attempt.attempt_number < MAX_ATTEMPTS
        and not endpoint_off
    ):
        due = now + RETRY_DELAYS[attempt.attempt_number - 1]
        WebhookMessageAttempt.objects.create(
            message_id=attempt.message_id,
            endpoint_id=attempt.endpoint_id,
            event_type=attempt.event_type,
            url=attempt.endpoint.url,
            timestamp=due,
            next_attempt_at=due,
            attempt_number=attempt.attempt_number + 1,
        )
    return attempt


def attempts_sweep(*, now: dt.datetime | None = None, batch: int = SWEEP_BATCH) -> int:
    """The periodic safety net: re-opens Sending rows whose worker was lost, claims due Pending rows
    and enqueues their delivery. Returns how many it enqueued."""
    from .tasks import deliver_attempt

    now = now or timezone.now()
    WebhookMessageAttempt.objects.filter(
        status=AttemptStatus.SENDING, claimed_at__lt=now - SENDING_LEASE
    ).update(status=AttemptStatus.PENDING, claimed_at=None, next_attempt_at=now)
    sent = 0
    while True:
        with transaction.atomic():
            ids = list(
                WebhookMessageAttempt.objects.select_for_update(skip_locked=True)
                .filter(status=AttemptStatus.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at")
                .values_list("pk", flat=True)[:batch]
            )
            WebhookMessageAttempt.objects.filter(pk__in=ids).update(
                status=AttemptStatus.SENDING, claimed_at=now
            )
        token = now.isoformat()
        for pk in ids:
            enqueue(deliver_attempt, pk, claimed_at=token)
        sent += len(ids)
        if len(ids) < batch:
            return sent
