"""A loopback Axema Vaka simulator: the person API of docs/axema.md, with fault injection.

Used by the tests, the demo (`manage.py axema_simulator`) and bench/axema_sync.py.
Faults: `delay` (seconds before every answer), `fail_next` (the next N requests answer 500),
`fail_pages` (pages that always answer 500), `malformed` (record indexes served corrupted),
`garbage_pages` (pages answered with a body that is not JSON).
"""

from __future__ import annotations

import base64
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bokamera.simulators import JSONHandler, Simulator

from .client import PERSONS_PATH

MAX_PAGE_SIZE = 5000


def make_person(index: int, *, cards: int = 1) -> dict[str, Any]:
    """A deterministic person: person id, name, e-mail, phone, a unique PIN code and cards."""
    return {
        "personId": f"{100000 + index}",
        "firstName": f"First{index}",
        "lastName": f"Last{index}",
        "email": f"person{index}@vaka.example.com",
        "phone": f"+4670{index:07d}",
        "pinCode": f"{1000000 + index}",
        "cards": [{"cardNumber": f"C{index:08d}{n}"} for n in range(cards)],
    }


def make_persons(count: int, *, start: int = 1) -> list[dict[str, Any]]:
    return [make_person(index) for index in range(start, start + count)]


@dataclass
class VakaState:
    persons: list[dict[str, Any]] = field(default_factory=list)
    username: str = "vaka"
    password: str = "vaka-secret"
    delay: float = 0.0
    fail_next: int = 0
    fail_pages: set[int] = field(default_factory=set)
    garbage_pages: set[int] = field(default_factory=set)
    malformed: set[int] = field(default_factory=set)
    requests: list[tuple[int, int]] = field(default_factory=list)  # (page, pageSize) served or refused
    lock: threading.Lock = field(default_factory=threading.Lock)


def corrupt(record: dict[str, Any], index: int) -> Any:
    """Three kinds of broken records, by index: no personId, a non-object, a bad card list."""
    kind = index % 3
    if kind == 0:
        return {key: value for key, value in record.items() if key != "personId"}
    if kind == 1:
        return "not a person"
    return {**record, "cards": "C123"}


class VakaHandler(JSONHandler):
    server_version = "VakaSimulator/1.0"

    def _authorized(self, state: VakaState) -> bool:
        header = self.headers.get("Authorization") or ""
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return False
        return user == state.username and password == state.password

    def do_GET(self) -> None:
        state: VakaState = self.server.state
        url = urlsplit(self.path)
        if url.path.rstrip("/") != PERSONS_PATH:
            self.send_json(404, {"error": "not found"})
            return
        query = parse_qs(url.query)
        try:
            page = int(query.get("page", ["1"])[0])
            size = int(query.get("pageSize", ["100"])[0])
        except ValueError:
            self.send_json(400, {"error": "page and pageSize are integers"})
            return
        with state.lock:
            state.requests.append((page, size))
            fail = state.fail_next > 0 or page in state.fail_pages
            if state.fail_next > 0:
                state.fail_next -= 1
        if state.delay:
            time.sleep(state.delay)
        if not self._authorized(state):
            self.send_json(401, {"error": "invalid credentials"})
            return
        if fail:
            self.send_json(500, {"error": "injected failure"})
            return
        if page in state.garbage_pages:
            self.send_raw(200, b"<html>Gateway hiccup</html>", "text/html")
            return
        if page < 1 or size < 1 or size > MAX_PAGE_SIZE:
            self.send_json(400, {"error": f"page >= 1 and 1 <= pageSize <= {MAX_PAGE_SIZE}"})
            return
        start = (page - 1) * size
        records = [
            corrupt(record, index) if index in state.malformed else record
            for index, record in enumerate(state.persons[start : start + size], start=start)
        ]
        self.send_json(
            200, {"page": page, "pageSize": size, "totalCount": len(state.persons), "persons": records}
        )


class VakaSimulator(Simulator):
    def __init__(self, state: VakaState | None = None, port: int = 0, verbose: bool = False) -> None:
        super().__init__(VakaHandler, port=port, state=state or VakaState(), verbose=verbose)
