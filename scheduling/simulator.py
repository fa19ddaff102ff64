"""A loopback SMS provider for tests and the demo, speaking HttpSmsBackend's contract.

    python -m scheduling.simulator 8025      # then SMS_BACKEND=http SMS_HTTP_URL=http://127.0.0.1:8025/sms

state: {"messages": [...accepted...], "fail_next": n (answer 503 n times), "token": expected or None}
A repeated Idempotency-Key is acknowledged without storing the message again.
"""

from __future__ import annotations

import sys
from typing import Any

from bokamera.simulators import JSONHandler, Simulator


def new_state(token: str | None = None) -> dict[str, Any]:
    return {"messages": [], "fail_next": 0, "token": token, "requests": 0}


class SmsProviderHandler(JSONHandler):
    def do_POST(self) -> None:
        state = self.server.state
        state["requests"] += 1
        body = self.read_json() or {}
        if state.get("token") and self.headers.get("Authorization") != f"Bearer {state['token']}":
            self.send_json(401, {"error": "unauthorized"})
            return
        if state["fail_next"] > 0:
            state["fail_next"] -= 1
            self.send_json(503, {"error": "temporarily unavailable"})
            return
        to = str(body.get("to") or "")
        if not to.lstrip("+").isdigit():
            self.send_json(400, {"error": f"invalid number {to!r}"})
            return
        key = self.headers.get("Idempotency-Key")
        if key and any(message["key"] == key for message in state["messages"]):
            self.send_json(200, {"status": "duplicate"})
            return
        state["messages"].append(
            {"key": key, "to": to, "from": body.get("from"), "message": body.get("message")}
        )
        self.send_json(202, {"status": "queued", "id": len(state["messages"])})


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8025
    simulator = Simulator(SmsProviderHandler, port=port, state=new_state(), verbose=True)
    print(f"SMS provider simulator on {simulator.url}/sms")
    simulator.serve_forever()


if __name__ == "__main__":
    main()
