"""Outbound HTTP for every external system: explicit timeouts, retries with backoff on network
errors and 5xx (never on 4xx). One small client class per system builds on `send`."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3  # total tries
    backoff: float = 0.5  # seconds before the second try; doubles each time, with jitter
    max_backoff: float = 8.0

    def delay(self, attempt: int) -> float:
        base = min(self.max_backoff, self.backoff * (2 ** (attempt - 1)))
        return base * (0.8 + 0.4 * random.random())


class ExternalServiceError(Exception):
    """The external system could not be reached or kept failing; `response` is the last answer."""

    def __init__(self, message: str, response: httpx.Response | None = None) -> None:
        super().__init__(message)
        self.response = response


def is_retryable(response: httpx.Response) -> bool:
    return response.status_code >= 500 or response.status_code == 429


def send(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    policy: RetryPolicy = RetryPolicy(),
    sleep: Callable[[float], None] = time.sleep,
    **kwargs,
) -> httpx.Response:
    """Sends with retries. Returns the first non-retryable answer (2xx or 4xx); raises
    ExternalServiceError when every try failed on the network or with 5xx/429."""
    last_error: Exception | None = None
    response: httpx.Response | None = None
    for attempt in range(1, policy.attempts + 1):
        try:
            response = client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:  # timeouts, refused connections, protocol errors
            last_error = exc
            response = None
            logger.info("%s %s failed (try %s/%s): %s", method, url, attempt, policy.attempts, exc)
        else:
            if not is_retryable(response):
                return response
            logger.info(
                "%s %s answered %s (try %s/%s)", method, url, response.status_code, attempt, policy.attempts
            )
        if attempt < policy.attempts:
            sleep(policy.delay(attempt))
    if response is not None:
        raise ExternalServiceError(f"{method} {url} answered {response.status_code}", response)
    raise ExternalServiceError(f"{method} {url} failed: {last_error}") from last_error


def make_client(*, base_url: str = "", timeout: float = 15.0, **kwargs) -> httpx.Client:
    return httpx.Client(
        base_url=base_url, timeout=httpx.Timeout(timeout, connect=min(5.0, timeout)), **kwargs
    )
