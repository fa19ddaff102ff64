"""Reads of the webhooks app. Lists page by keyset (`id < iterator`, newest first): served by the
indexes (endpoint, id DESC) and (message, id DESC), flat with depth and stable while rows arrive."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from bokamera.api.errors import ApplicationError, NotFound
from bokamera.models import Company

from .models import AttemptStatus, WebhookEndpoint, WebhookMessage, WebhookMessageAttempt

DEFAULT_LIMIT = 50
MAX_LIMIT = 250
_ITERATOR_PREFIX = "itr1:"


@dataclass(frozen=True)
class Page:
    items: list[Any]
    done: bool
    iterator: str | None


def encode_iterator(pk: int) -> str:
    return base64.urlsafe_b64encode(f"{_ITERATOR_PREFIX}{pk}".encode()).decode().rstrip("=")


def decode_iterator(value: str) -> int:
    try:
        text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        if not text.startswith(_ITERATOR_PREFIX):
            raise ValueError(value)
        return int(text.removeprefix(_ITERATOR_PREFIX))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApplicationError("The iterator is not valid.", code="Invalid", field="Iterator") from None


def _limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if limit < 1 or limit > MAX_LIMIT:
        raise ApplicationError(
            f"Limit must be between 1 and {MAX_LIMIT}.",
            code="InclusiveBetween",
            field="Limit",
        )
    return limit


def _filter_events(queryset, *, event_types, before, after):
    """The Svix filters shared by messages and attempts: any of EventTypes, Before and After."""
    event_types = [t for t in (event_types or []) if t]
    if event_types:
        queryset = queryset.filter(event_type__in=event_types)
    if before is not None:
        queryset = queryset.filter(timestamp__lt=before)
    if after is not None:
        queryset = queryset.filter(timestamp__gt=after)
    return queryset


def _page(queryset: QuerySet, *, iterator: str | None, limit: int | None, ascending: bool = False) -> Page:
    size = _limit(limit)
    if iterator:
        after = decode_iterator(iterator)
        queryset = queryset.filter(pk__gt=after) if ascending else queryset.filter(pk__lt=after)
    rows = list(queryset.order_by("pk" if ascending else "-pk")[: size + 1])
    done = len(rows) <= size
    rows = rows[:size]
    return Page(items=rows, done=done, iterator=encode_iterator(rows[-1].pk) if rows else iterator)


def endpoint_get(*, company: Company, endpoint_id: str) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.filter(company=company, public_id=endpoint_id or "").first()
    if endpoint is None:
        raise NotFound(f"Webhook endpoint {endpoint_id} was not found.", field="Id")
    return endpoint


def endpoint_list(*, company: Company, iterator: str | None = None, limit: int | None = None) -> Page:
    return _page(WebhookEndpoint.objects.filter(company=company), iterator=iterator, limit=limit)


def message_list(
    *,
    company: Company,
    iterator: str | None = None,
    limit: int | None = None,
    event_types: Iterable[str] | None = None,
    before: dt.datetime | None = None,
    after: dt.datetime | None = None,
    channel: str | None = None,
    ascending: bool = False,
) -> Page:
    """The company's messages, newest first unless `ascending`. Messages carry no channels here, so
    a Channel filter matches none (as in Svix, a message outside the channel is not listed)."""
    queryset = WebhookMessage.objects.filter(company=company)
    if channel:
        queryset = queryset.none()
    queryset = _filter_events(queryset, event_types=event_types, before=before, after=after)
    return _page(queryset, iterator=iterator, limit=limit, ascending=ascending)


def message_get(*, company: Company, message_id: str) -> WebhookMessage:
    message = WebhookMessage.objects.filter(company=company, public_id=message_id or "").first()
    if message is None:
        raise NotFound(f"Webhook message {message_id} was not found.", field="MessageId")
    return message


def attempt_list(
    *,
    endpoint: WebhookEndpoint | None = None,
    message: WebhookMessage | None = None,
    endpoint_id: str | None = None,
    iterator: str | None = None,
    limit: int | None = None,
    status: int | None = None,
    event_types: Iterable[str] | None = None,
    before: dt.datetime | None = None,
    after: dt.datetime | None = None,
) -> Page:
    """Attempts of one endpoint or one message, newest first; the filters combine (AND)."""
    fields = ["id", "public_id", "url", "status", "response_status_code", "timestamp", "trigger_type"]
    fields += ["endpoint_id", "message_id", "message__public_id"]
    if endpoint is not None:  # the endpoint is known: no join for its id
        queryset = WebhookMessageAttempt.objects.select_related("message").filter(endpoint=endpoint)
    else:
        queryset = WebhookMessageAttempt.objects.select_related("message", "endpoint")
        fields.append("endpoint__public_id")
    queryset = queryset.only(*fields)
    if message is not None:
        queryset = queryset.filter(message=message)
        if endpoint_id:
            queryset = queryset.filter(endpoint__public_id=endpoint_id)
    if status is not None:
        if status not in AttemptStatus.values:
            raise ApplicationError(
                "Status must be 0 (Success), 1 (Pending), 2 (Fail) or 3 (Sending).",
                code="Enum",
                field="Status",
            )
        queryset = queryset.filter(status=status)
    queryset = _filter_events(queryset, event_types=event_types, before=before, after=after)
    page = _page(queryset, iterator=iterator, limit=limit)
    if endpoint is not None:
        for attempt in page.items:
            attempt.endpoint = endpoint
    return page
