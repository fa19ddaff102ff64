"""Delivery of customer messages: e-mail through Django's backend, SMS through a pluggable backend.

SMS_BACKEND=console prints the message (the demo); SMS_BACKEND=http POSTs it to SMS_HTTP_URL:

    POST {SMS_HTTP_URL}
    Authorization: Bearer {SMS_HTTP_TOKEN}
    Idempotency-Key: {key}
    {"from": SMS_SENDER, "to": "+46701234567", "message": "..."}

A 2xx answer is success; 4xx a permanent refusal (not retried); network errors, 5xx and 429 are
retried with backoff, then again by the periodic sweep. The Idempotency-Key is stable per
notification, so a provider that honours it never sends a retried message twice.
"""

from __future__ import annotations

import logging
import smtplib
import sys
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail

from bokamera.http import ExternalServiceError, RetryPolicy, make_client, send

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """`permanent` failures are not retried (a refused number); others are (an outage)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class SmsBackend(Protocol):
    def send(self, *, to: str, message: str, idempotency_key: str) -> None: ...


class ConsoleSmsBackend:
    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stdout

    def send(self, *, to: str, message: str, idempotency_key: str) -> None:
        self.stream.write(f"SMS from {settings.SMS_SENDER} to {to} [{idempotency_key}]: {message}\n")
        self.stream.flush()


class HttpSmsBackend:
    """A generic JSON SMS gateway client (one client per external system, always a timeout)."""

    def __init__(
        self,
        *,
        url: str,
        token: str = "",
        sender: str = "",
        timeout: float = 10.0,
        policy: RetryPolicy | None = None,
    ) -> None:
        if not url:
            raise DeliveryError("SMS_HTTP_URL is not set.", permanent=True)
        self.url = url
        self.token = token
        self.sender = sender
        self.timeout = timeout
        self.policy = policy or RetryPolicy(attempts=3, backoff=0.5)

    def send(self, *, to: str, message: str, idempotency_key: str) -> None:
        headers = {"Idempotency-Key": idempotency_key}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        with make_client(timeout=self.timeout) as client:
            try:
                response = send(
                    client,
                    "POST",
                    self.url,
                    policy=self.policy,
                    json={"from": self.sender, "to": to, "message": message},
                    headers=headers,
                )
            except ExternalServiceError as exc:
                raise DeliveryError(f"SMS provider unavailable: {exc}") from exc
        if response.status_code >= 400:
            raise DeliveryError(
                f"SMS provider refused the message ({response.status_code}): {response.text[:200]}",
                permanent=True,
            )


def get_sms_backend() -> SmsBackend:
    name = (settings.SMS_BACKEND or "console").lower()
    if name == "console":
        return ConsoleSmsBackend()
    if name == "http":
        return HttpSmsBackend(
            url=settings.SMS_HTTP_URL, token=settings.SMS_HTTP_TOKEN, sender=settings.SMS_SENDER
        )
    raise DeliveryError(f"Unknown SMS_BACKEND {settings.SMS_BACKEND!r}.", permanent=True)


def send_email_message(*, to: str, subject: str, message: str) -> None:
    try:
        send_mail(subject, message, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as exc:
        raise DeliveryError(f"E-mail refused: {exc}", permanent=True) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"E-mail could not be sent: {exc}") from exc
