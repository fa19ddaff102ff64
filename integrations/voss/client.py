"""The one HTTP client for VOSS (the contract it expects is written down in docs/voss.md).

- `POST {base}/customers/{customerId}/subscriptions/{subscriptionId}/usage`
  body `{"articleNumber": str, "quantity": int}`, header `Idempotency-Key`:
  answers a CreateSubscriptionProductGroupResult (camelCase). A repeat with the same key answers
  the first result and bills nothing.
- `GET {base}/products?productType=&pageIndex=&pageSize=`: a SearchProductsResult
  `{"items": [...], "totalCount", "pageIndex", "pageSize", "totalPages"}`.

Auth: `Authorization: Bearer <api_key>`. Network errors and 5xx are retried with backoff
(bokamera.http.send); a 4xx is VOSS's final word and raises VossRefused.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
from django.conf import settings

from bokamera.http import ExternalServiceError, RetryPolicy, make_client, send

__all__ = ["ExternalServiceError", "VossClient", "VossRefused", "response_body"]


class VossRefused(Exception):
    """VOSS answered 4xx: retrying the same request cannot succeed."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"VOSS answered {response.status_code}")
        self.response = response
        self.status_code = response.status_code
        self.body = response_body(response)


def response_body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return {"raw": response.text[:2000]}


def retry_policy() -> RetryPolicy:
    return RetryPolicy(
        attempts=getattr(settings, "VOSS_HTTP_ATTEMPTS", 4),
        backoff=getattr(settings, "VOSS_HTTP_BACKOFF", 0.5),
        max_backoff=getattr(settings, "VOSS_HTTP_MAX_BACKOFF", 8.0),
    )


class VossClient:
    def __init__(self, *, base_url: str, api_key: str, timeout: float | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self.timeout = timeout if timeout is not None else getattr(settings, "VOSS_HTTP_TIMEOUT", 10.0)

    def __repr__(self) -> str:
        return f"<VossClient {self.base_url}>"

    @classmethod
    def for_settings(cls, voss_settings) -> VossClient:
        return cls(base_url=voss_settings.api_base_url, api_key=voss_settings.api_key)

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Accept": "application/json", **kwargs.pop("headers", {})}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        with make_client(base_url=self.base_url, timeout=self.timeout) as client:
            response = send(client, method, path, policy=retry_policy(), headers=headers, **kwargs)
        if response.status_code >= 400:
            raise VossRefused(response)
        return response

    def report_usage(
        self,
        *,
        customer_id: str,
        subscription_id: str,
        article_number: str,
        quantity: int,
        idempotency_key: str,
    ) -> tuple[int, dict[str, Any]]:
        """Returns VOSS's status code and answer; raises VossRefused (4xx) or ExternalServiceError."""
        path = (
            f"/customers/{quote(customer_id, safe='')}/subscriptions/{quote(subscription_id, safe='')}/usage"
        )
        response = self._request(
            "POST",
            path,
            json={"articleNumber": article_number, "quantity": quantity},
            headers={"Idempotency-Key": idempotency_key},
        )
        return response.status_code, response_body(response)

    def list_products(self, *, product_type: str | None = None, page_size: int = 100) -> list[dict[str, Any]]:
        """Every product, following VOSS's pages."""
        items: list[dict[str, Any]] = []
        page = 1
        while True:
            params: dict[str, Any] = {"pageIndex": page, "pageSize": page_size}
            if product_type:
                params["productType"] = product_type
            body = self._request("GET", "/products", params=params).json()
            items.extend(body.get("items") or [])
            if page >= int(body.get("totalPages") or 1):
                return items
            page += 1
