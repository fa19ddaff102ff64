"""The Vaka client: URL building, record parsing, paging."""

from __future__ import annotations

import pytest

from integrations.axema.client import VakaClient, VakaPerson, base_url, parse_person


@pytest.mark.parametrize(
    ("endpoint", "port", "expected"),
    [
        ("https://vaka.example.com/", None, "https://vaka.example.com"),
        ("https://vaka.example.com:9000/base", 8443, "https://vaka.example.com:8443/base"),
        ("vaka.local", 8080, "http://vaka.local:8080"),
        ("http://[::1]", 81, "http://[::1]:81"),
    ],
)
def test_base_url(endpoint, port, expected):
    assert base_url(endpoint, port) == expected


def test_parse_person_normalizes_and_dedupes():
    person = parse_person(
        {
            "personId": 42,
            "firstName": " Anna ",
            "email": "Anna@Example.COM",
            "phone": None,
            "cards": [{"cardNumber": "1"}, {"cardNumber": "1"}, {"cardNumber": 2}],
        }
    )
    assert person == VakaPerson(
        person_id="42", firstname="Anna", email="anna@example.com", pin_code="", cards=("1", "2")
    )


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"firstName": "x"}, "personId is missing"),
        ([1], "record is not an object"),
        ({"personId": "1", "email": "no-at-sign"}, "person 1: email 'no-at-sign' is not an e-mail address"),
        ({"personId": "1", "cards": [{}]}, "person 1: a card has no cardNumber"),
        ({"personId": "1", "firstName": {"a": 1}}, "firstName is not a string"),
        ({"personId": "x" * 101}, "personId is longer than 100 characters"),
    ],
)
def test_parse_person_rejects(record, reason):
    with pytest.raises(ValueError, match="^" + reason.replace("(", r"\(").replace(")", r"\)") + "$"):
        parse_person(record)


def test_paging_stops_at_total_count_and_at_a_short_page(vaka):
    with VakaClient(api_endpoint=vaka.url, port=None, username="vaka", password="vaka-secret") as client:
        assert [len(page.persons) for page in client.iter_pages(5)] == [5]  # totalCount reached
        assert [len(page.persons) for page in client.iter_pages(3)] == [3, 2]  # short page
    assert vaka.state.requests == [(1, 5), (1, 3), (2, 3)]
