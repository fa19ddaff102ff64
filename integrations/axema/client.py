"""The one HTTP client of Axema Vaka's person API (contract: docs/axema.md).

GET {endpoint}/api/v1/persons?page=N&pageSize=M with HTTP Basic auth answers
{"page", "pageSize", "totalCount", "persons": [{"personId", "firstName", "lastName", "email",
"phone", "pinCode", "cards": [{"cardNumber"}]}]}. Records that do not fit are reported as malformed
instead of failing the page; a page that is not this shape fails the sync.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from bokamera.http import ExternalServiceError, RetryPolicy, make_client, send

from . import conf

logger = logging.getLogger(__name__)

PERSONS_PATH = "/api/v1/persons"
MAX_PAGES = 100_000  # a guard against a server that never ends its paging


class VakaError(Exception):
    """Vaka could not be read: unreachable, kept failing, refused us, or answered nonsense."""


@dataclass(frozen=True)
class VakaPerson:
    person_id: str
    firstname: str = ""
    lastname: str = ""
    email: str = ""
    phone: str = ""
    pin_code: str = ""
    cards: tuple[str, ...] = ()


@dataclass
class VakaPage:
    number: int
    total_count: int | None
    persons: list[VakaPerson] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)  # one reason per record left out
    record_count: int = 0  # records on the page, well-formed or not


def base_url(api_endpoint: str, port: int | None) -> str:
    """The endpoint, with `port` replacing its port when given."""
    endpoint = api_endpoint.strip().rstrip("/")
    if "://" not in endpoint:
        endpoint = f"http://{endpoint}"
    if not port:
        return endpoint
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return urlunsplit((parts.scheme, f"{host}:{port}", parts.path, "", ""))


def _text(record: dict[str, Any], key: str, max_length: int) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise ValueError(f"{key} is not a string")
    text = str(value).strip()
    if len(text) > max_length:
        raise ValueError(f"{key} is longer than {max_length} characters")
    return text


def parse_person(record: Any) -> VakaPerson:
    """One Vaka person record -> VakaPerson; ValueError says why a record is malformed."""
    if not isinstance(record, dict):
        raise ValueError("record is not an object")
    person_id = _text(record, "personId", 100)
    if not person_id:
        raise ValueError("personId is missing")
    email = _text(record, "email", 254).lower()
    if email and ("@" not in email or " " in email):
        raise ValueError(f"person {person_id}: email {email!r} is not an e-mail address")
    cards_raw = record.get("cards") or []
    if not isinstance(cards_raw, list):
        raise ValueError(f"person {person_id}: cards is not a list")
    cards: list[str] = []
    for card in cards_raw:
        number = _text(card, "cardNumber", 200) if isinstance(card, dict) else None
        if not number:
            raise ValueError(f"person {person_id}: a card has no cardNumber")
        cards.append(number)
    return VakaPerson(
        person_id=person_id,
        firstname=_text(record, "firstName", 100),
        lastname=_text(record, "lastName", 100),
        email=email,
        phone=_text(record, "phone", 50),
        pin_code=_text(record, "pinCode", 200),
        cards=tuple(dict.fromkeys(cards)),
    )


class VakaClient:
    def __init__(
        self,
        *,
        api_endpoint: str,
        port: int | None,
        username: str,
        password: str,
        timeout: float | None = None,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.base_url = base_url(api_endpoint, port)
        self.policy = policy or RetryPolicy(
            attempts=conf.get("AXEMA_HTTP_ATTEMPTS"), backoff=conf.get("AXEMA_HTTP_BACKOFF")
        )
        self.http = make_client(
            base_url=self.base_url,
            timeout=timeout if timeout is not None else conf.get("AXEMA_HTTP_TIMEOUT"),
            auth=httpx.BasicAuth(username, password),
            headers={"Accept": "application/json"},
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> VakaClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch_page(self, number: int, page_size: int) -> VakaPage:
        try:
            response = send(
                self.http,
                "GET",
                PERSONS_PATH,
                policy=self.policy,
                params={"page": number, "pageSize": page_size},
            )
        except ExternalServiceError as exc:
            raise VakaError(f"Axema Vaka did not answer page {number}: {exc}") from exc
        if response.status_code in (401, 403):
            raise VakaError(f"Axema Vaka refused the credentials ({response.status_code}).")
        if response.status_code != 200:
            raise VakaError(f"Axema Vaka answered {response.status_code} for page {number}.")
        try:
            body = response.json()
        except ValueError as exc:
            raise VakaError(f"Axema Vaka answered page {number} with something that is not JSON.") from exc
        records = body.get("persons") if isinstance(body, dict) else None
        if not isinstance(records, list):
            raise VakaError(f"Axema Vaka's page {number} has no list of persons.")
        total = body.get("totalCount")
        page = VakaPage(
            number=number,
            total_count=total if isinstance(total, int) and total >= 0 else None,
            record_count=len(records),
        )
        for record in records:
            try:
                page.persons.append(parse_person(record))
            except ValueError as exc:
                page.malformed.append(str(exc))
        return page

    def iter_pages(self, page_size: int) -> Iterator[VakaPage]:
        """Pages 1, 2, ... until a short page or totalCount is reached."""
        for number in range(1, MAX_PAGES + 1):
            page = self.fetch_page(number, page_size)
            yield page
            if page.record_count < page_size:
                return
            if page.total_count is not None and number * page_size >= page.total_count:
                return
        raise VakaError(f"Axema Vaka kept paging past {MAX_PAGES} pages.")
