"""A loopback webhook receiver for tests, the demo and the benchmark.

It verifies every delivery with the `standardwebhooks` package (what a customer's receiver would
use), records it, and answers the next status of a script (`[500, 200]`: fail once, then succeed;
an empty script answers 200). Run it alone: `.venv/bin/python -m webhooks.simulator --secret whsec_...`.
"""

from __future__ import annotations

import argparse
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bokamera.simulators import JSONHandler, Simulator


@dataclass
class ReceiverState:
    secret: str | None = None
    script: list[int] = field(default_factory=list)  # statuses to answer, in order
    received: list[dict[str, Any]] = field(default_factory=list)
    before_answer: Callable[[], None] | None = None  # runs while the sender waits (tests)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self) -> int:
        with self.lock:
            return len(self.received)


class ReceiverHandler(JSONHandler):
    def do_POST(self) -> None:
        state: ReceiverState = self.server.state
        body = self.read_body()
        headers = {key.lower(): value for key, value in self.headers.items()}
        verified, error = _verify(state.secret, body, headers)
        with state.lock:
            status = state.script.pop(0) if state.script else 200
            state.received.append(
                {
                    "path": self.path,
                    "headers": headers,
                    "body": body,
                    "verified": verified,
                    "error": error,
                    "status": status,
                }
            )
        if state.before_answer is not None:
            state.before_answer()
        if not verified:
            status = 401
        self.send_json(status, {"ok": 200 <= status < 300, "error": error})


def _verify(secret: str | None, body: bytes, headers: dict[str, str]) -> tuple[bool, str]:
    if secret is None:
        return True, ""
    from standardwebhooks.webhooks import Webhook, WebhookVerificationError

    try:
        Webhook(secret).verify(body, headers)
    except WebhookVerificationError as exc:
        return False, str(exc)
    return True, ""


def start_receiver(*, secret: str | None = None, script: list[int] | None = None, port: int = 0) -> Simulator:
    return Simulator(
        ReceiverHandler, port=port, state=ReceiverState(secret=secret, script=list(script or []))
    ).start()


def main() -> None:  # pragma: no cover - manual use
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--secret", default=None, help="the endpoint's whsec_... secret, to verify")
    args = parser.parse_args()
    receiver = Simulator(
        ReceiverHandler, port=args.port, state=ReceiverState(secret=args.secret), verbose=True
    )
    print(json.dumps({"url": receiver.url}))
    receiver.serve_forever()


if __name__ == "__main__":  # pragma: no cover
    main()
