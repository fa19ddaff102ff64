"""A loopback VOSS for tests, the demo and `manage.py voss_simulator`, with fault injection.

It implements the contract in integrations/voss/client.py: usage reports deduplicated on
(customer, subscription, Idempotency-Key), and a paged product catalogue. Faults apply to usage
reports, either queued one by one (`state.inject(...)`) or at random rates (the command):

- `error`: answer `status` (default 503) without recording anything;
- `slow`: record, then wait `delay` seconds before answering (the client times out);
- `drop_after_commit`: record, then close the connection without an answer, as if the worker
  died between sending and recording VOSS's answer. The next try with the same key must be
  answered from the record, never billed again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import random
import socket
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from bokamera.simulators import JSONHandler, Simulator

DEFAULT_PRODUCTS = (
    {"articleNumber": "USAGE-SMS", "name": "SMS sent", "type": "Usage", "price": "0.45"},
    {"articleNumber": "USAGE-DEV-HOUR", "name": "Developer hour", "type": "Usage", "price": "950"},
    {"articleNumber": "ADDON-PAYMENTS", "name": "Online payments", "type": "Addon", "price": "199"},
)


@dataclass
class Fault:
    kind: str  # "error" | "slow" | "drop_after_commit"
    status: int = 503
    delay: float = 0.0


@dataclass
class VossState:
    api_key: str = ""  # when set, requests must send `Authorization: Bearer <api_key>`
    products: list[dict[str, Any]] = field(default_factory=lambda: [dict(p) for p in DEFAULT_PRODUCTS])
    faults: deque[Fault] = field(default_factory=deque)
    error_rate: float = 0.0
    slow_rate: float = 0.0
    drop_rate: float = 0.0
    slow_delay: float = 5.0
    down: bool = False  # every request answers 503
    rng: random.Random = field(default_factory=random.Random)
    # (customer, subscription, key) -> (request body, result)
    results: dict[tuple[str, str, str], tuple[dict, dict]] = field(default_factory=dict)
    billed: list[dict[str, Any]] = field(default_factory=list)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def inject(self, kind: str, times: int = 1, **options: Any) -> None:
        with self.lock:
            self.faults.extend(Fault(kind, **options) for _ in range(times))

    def billed_quantity(self, article_number: str | None = None, customer_id: str | None = None) -> int:
        with self.lock:
            return sum(
                row["quantity"]
                for row in self.billed
                if (article_number is None or row["articleNumber"] == article_number)
                and (customer_id is None or row["customerId"] == customer_id)
            )

    def next_fault(self) -> Fault | None:
        with self.lock:
            if self.faults:
                return self.faults.popleft()
            roll = self.rng.random()
            if roll < self.error_rate:
                return Fault("error")
            if roll < self.error_rate + self.slow_rate:
                return Fault("slow", delay=self.slow_delay)
            if roll < self.error_rate + self.slow_rate + self.drop_rate:
                return Fault("drop_after_commit")
            return None

    def product(self, article_number: str) -> dict[str, Any] | None:
        return next((p for p in self.products if p["articleNumber"] == article_number), None)

    def record(self, customer: str, subscription: str, key: str, body: dict) -> tuple[int, dict]:
        """Bills once per key: (200 + the first result) on a repeat, 422 when the body differs."""
        with self.lock:
            previous = self.results.get((customer, subscription, key))
            if previous is not None:
                if previous[0] != body:
                    return 422, {"message": "Idempotency-Key was used with a different request."}
                return 200, previous[1]
            product = self.product(str(body.get("articleNumber")))
            quantity = body.get("quantity")
            if product is None:
                return 400, {"message": f"Unknown article number {body.get('articleNumber')!r}."}
            if not isinstance(quantity, int) or quantity <= 0:
                return 400, {"message": "quantity must be a positive integer."}
            result = _result(product, quantity)
            self.results[(customer, subscription, key)] = (body, result)
            self.billed.append({"customerId": customer, "subscriptionId": subscription, "key": key, **body})
            return 201, result


def _result(product: dict[str, Any], quantity: int) -> dict[str, Any]:
    amount = float(Decimal(str(product.get("price", "0"))) * quantity)
    group_id = str(uuid.uuid4())
    product_id = product.setdefault("id", str(uuid.uuid5(uuid.NAMESPACE_URL, product["articleNumber"])))
    return {
        "productGroupType": "Optional",
        "status": "Active",
        "id": group_id,
        "name": product["name"],
        "products": [
            {
                "id": product_id,
                "name": product["name"],
                "externalId": product["articleNumber"],
                "articleNumber": product["articleNumber"],
            }
        ],
        "created": dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z"),
        "customerBalanceChange": {
            "items": [
                {
                    "productType": product.get("type", "Usage"),
                    "id": product_id,
                    "name": product["name"],
                    "productGroupId": group_id,
                    "productGroupName": product["name"],
                    "quantity": quantity,
                    "amount": amount,
                    "discountAmount": 0.0,
                    "totalAmount": amount,
                }
            ],
            "totalAmount": amount,
            "totalDiscountAmount": 0.0,
        },
    }


class VossHandler(JSONHandler):
    @property
    def state(self) -> VossState:
        return self.server.state

    def _authorized(self) -> bool:
        if self.state.down:
            self.send_json(503, {"message": "VOSS is down."})
            return False
        if self.state.api_key and self.headers.get("Authorization") != f"Bearer {self.state.api_key}":
            self.send_json(401, {"message": "Invalid API key."})
            return False
        return True

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path.rstrip("/") != "/products":
            self.send_json(404, {"message": "Not found."})
            return
        if not self._authorized():
            return
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        items = [
            {
                "type": p.get("type", "Usage"),
                "status": "Published",
                "id": p.setdefault("id", str(uuid.uuid5(uuid.NAMESPACE_URL, p["articleNumber"]))),
                "name": p["name"],
                "externalId": p["articleNumber"],
                "articleNumber": p["articleNumber"],
                "productFamily": {"id": None, "externalId": "bokamera"},
            }
            for p in self.state.products
            if not query.get("productType") or p.get("type") == query["productType"]
        ]
        size = max(1, int(query.get("pageSize") or 100))
        page = max(1, int(query.get("pageIndex") or 1))
        pages = max(1, -(-len(items) // size))
        self.send_json(
            200,
            {
                "items": items[(page - 1) * size : page * size],
                "totalCount": len(items),
                "pageIndex": page,
                "pageSize": size,
                "totalPages": pages,
            },
        )

    def do_POST(self) -> None:
        parts = [unquote(p) for p in urlsplit(self.path).path.strip("/").split("/")]
        body_bytes = self.read_body()
        if len(parts) != 5 or parts[0] != "customers" or parts[2] != "subscriptions" or parts[4] != "usage":
            self.send_json(404, {"message": "Not found."})
            return
        if not self._authorized():
            return
        with self.state.lock:
            self.state.requests += 1
        key = self.headers.get("Idempotency-Key") or ""
        if not key:
            self.send_json(400, {"message": "Idempotency-Key is required."})
            return
        try:
            body = json.loads(body_bytes or b"{}")
        except ValueError:
            self.send_json(400, {"message": "Body is not JSON."})
            return
        fault = self.state.next_fault()
        if fault and fault.kind == "error":
            self.send_json(fault.status, {"message": "Injected failure."})
            return
        status, result = self.state.record(parts[1], parts[3], key, body)
        if fault and fault.kind == "slow":
            time.sleep(fault.delay)
        if fault and fault.kind == "drop_after_commit":
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        headers = {"Idempotent-Replayed": "true"} if status == 200 else None
        self.send_json(status, result, headers=headers)


class VossSimulator(Simulator):
    """`with VossSimulator(api_key="k") as voss: ... voss.state.inject("error", times=2)`."""

    def __init__(self, port: int = 0, state: VossState | None = None, verbose: bool = False, **state_options):
        super().__init__(VossHandler, port=port, state=state or VossState(**state_options), verbose=verbose)

    def start(self) -> VossSimulator:
        # A short poll interval: stop() returns in milliseconds instead of half a second per test.
        self.thread = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="VossSimulator",
            daemon=True,
        )
        self.thread.start()
        return self
