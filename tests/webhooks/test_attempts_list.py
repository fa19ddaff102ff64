"""ListWebhookEndpointAttempts / ListWebhookMessageAttempts: keyset paging, filters, tenancy."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import CompanyFactory
from webhooks.models import AttemptStatus, TriggerType
from webhooks.selectors import encode_iterator

from .factories import AttemptFactory, EndpointFactory, MessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def endpoint(company):
    return EndpointFactory(company=company)


def _list(client, endpoint, query=""):
    response = client.get(f"/webhook/endpoints/{endpoint.public_id}/attempts{query}")
    assert response.status_code == 200, response.content
    return response.json()


def _ids(body):
    return [a["Id"] for a in body["Attempts"]]


def test_answer_has_the_pages_shape(admin_client, endpoint):
    attempt = AttemptFactory(endpoint=endpoint, status=AttemptStatus.FAIL, response_status_code=500)
    body = _list(admin_client, endpoint)
    assert body == {
        "Attempts": [
            {
                "Id": attempt.public_id,
                "MessageId": attempt.message.public_id,
                "EndpointId": endpoint.public_id,
                "Url": endpoint.url,
                "Status": "Fail",
                "ResponseStatusCode": 500,
                "Timestamp": body["Attempts"][0]["Timestamp"],
                "TriggerType": "Scheduled",
            }
        ],
        "Done": True,
        "Iterator": encode_iterator(attempt.pk),
    }
    assert dt.datetime.fromisoformat(body["Attempts"][0]["Timestamp"]) == attempt.timestamp


def test_limit_defaults_to_50_and_pages_newest_first(admin_client, endpoint, django_assert_max_num_queries):
    message = MessageFactory(company=endpoint.company)
    attempts = AttemptFactory.create_batch(120, endpoint=endpoint, message=message)
    newest_first = [a.public_id for a in reversed(attempts)]
    with django_assert_max_num_queries(6):  # token, its last_used, roles, company, endpoint, page
        first = _list(admin_client, endpoint)
    assert _ids(first) == newest_first[:50]
    assert first["Done"] is False
    second = _list(admin_client, endpoint, f"?Iterator={first['Iterator']}")
    assert _ids(second) == newest_first[50:100]
    third = _list(admin_client, endpoint, f"?Iterator={second['Iterator']}")
    assert _ids(third) == newest_first[100:]
    assert third["Done"] is True


def test_paging_is_stable_while_attempts_arrive(admin_client, endpoint):
    message = MessageFactory(company=endpoint.company)
    existing = AttemptFactory.create_batch(25, endpoint=endpoint, message=message)
    seen = []
    body = _list(admin_client, endpoint, "?Limit=10")
    seen += _ids(body)
    while not body["Done"]:
        AttemptFactory.create_batch(3, endpoint=endpoint, message=message)  # new rows on top
        body = _list(admin_client, endpoint, f"?Limit=10&Iterator={body['Iterator']}")
        seen += _ids(body)
    assert seen == [a.public_id for a in reversed(existing)]


def test_status_filter(admin_client, endpoint):
    ok = AttemptFactory(endpoint=endpoint, status=AttemptStatus.SUCCESS)
    failed = AttemptFactory(endpoint=endpoint, status=AttemptStatus.FAIL)
    pending = AttemptFactory(endpoint=endpoint, status=AttemptStatus.PENDING, response_status_code=None)
    sending = AttemptFactory(endpoint=endpoint, status=AttemptStatus.SENDING, response_status_code=None)
    assert _ids(_list(admin_client, endpoint, "?Status=0")) == [ok.public_id]
    assert _ids(_list(admin_client, endpoint, "?Status=1")) == [pending.public_id]
    assert _ids(_list(admin_client, endpoint, "?status=2")) == [failed.public_id]
    body = _list(admin_client, endpoint, "?Status=3")
    assert _ids(body) == [sending.public_id]
    assert body["Attempts"][0]["Status"] == "Sending"
    assert body["Attempts"][0]["ResponseStatusCode"] is None


def test_event_types_filter_accepts_every_list_form(admin_client, endpoint):
    company = endpoint.company
    updated = AttemptFactory(endpoint=endpoint, message=MessageFactory(company=company))
    canceled = AttemptFactory(
        endpoint=endpoint, message=MessageFactory(company=company, event_type="booking.canceled")
    )
    AttemptFactory(
        endpoint=endpoint, message=MessageFactory(company=company, event_type="voss.usage.created")
    )
    assert _ids(_list(admin_client, endpoint, "?EventTypes=booking.canceled")) == [canceled.public_id]
    expected = [canceled.public_id, updated.public_id]
    assert _ids(_list(admin_client, endpoint, "?EventTypes=[booking.canceled,customer.updated]")) == expected
    assert _ids(_list(admin_client, endpoint, "?EventTypes=booking.canceled,customer.updated")) == expected
    query = "?eventTypes=booking.canceled&eventTypes=customer.updated"
    assert _ids(_list(admin_client, endpoint, query)) == expected


def test_before_and_after_filters_and_combinations(admin_client, endpoint):
    base = timezone.now().replace(microsecond=0) - dt.timedelta(days=1)
    old = AttemptFactory(endpoint=endpoint, timestamp=base)
    mid = AttemptFactory(endpoint=endpoint, timestamp=base + dt.timedelta(hours=1), status=AttemptStatus.FAIL)
    new = AttemptFactory(endpoint=endpoint, timestamp=base + dt.timedelta(hours=2))
    at_mid = (base + dt.timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    assert _ids(_list(admin_client, endpoint, f"?Before={at_mid}")) == [old.public_id]
    assert _ids(_list(admin_client, endpoint, f"?After={at_mid}")) == [new.public_id]
    ms = int((base + dt.timedelta(minutes=30)).timestamp() * 1000)
    assert _ids(_list(admin_client, endpoint, f"?After=/Date({ms})/")) == [new.public_id, mid.public_id]
    assert _ids(_list(admin_client, endpoint, f"?After=/Date({ms})/&Status=0")) == [new.public_id]
    assert (
        _ids(_list(admin_client, endpoint, f"?After=/Date({ms})/&Status=0&EventTypes=booking.canceled")) == []
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?Limit=251", "Limit"),
        ("?Limit=0", "Limit"),
        ("?Iterator=bogus", "Iterator"),
        ("?Status=7", "Status"),
    ],
)
def test_bad_paging_input_is_a_400_with_field_name(admin_client, endpoint, query, field):
    response = admin_client.get(f"/webhook/endpoints/{endpoint.public_id}/attempts{query}")
    assert response.status_code == 400
    assert response.json()["ResponseStatus"]["Errors"][0]["FieldName"] == field


def test_limit_250_is_allowed(admin_client, endpoint):
    AttemptFactory.create_batch(3, endpoint=endpoint)
    assert len(_list(admin_client, endpoint, "?Limit=250")["Attempts"]) == 3


def test_tenant_isolation_and_roles(admin_client, client_for, reader_user, superadmin, endpoint):
    other_company = CompanyFactory()
    foreign = EndpointFactory(company=other_company)
    AttemptFactory(endpoint=foreign)
    response = admin_client.get(f"/webhook/endpoints/{foreign.public_id}/attempts")
    assert response.status_code == 404
    response = admin_client.get(
        f"/webhook/endpoints/{foreign.public_id}/attempts?CompanyId={other_company.pk}"
    )
    assert response.status_code == 403
    assert client_for(reader_user).get(f"/webhook/endpoints/{endpoint.public_id}/attempts").status_code == 403
    su = client_for(superadmin).get(
        f"/webhook/endpoints/{foreign.public_id}/attempts?CompanyId={other_company.pk}"
    )
    assert su.status_code == 200
    assert len(su.json()["Attempts"]) == 1


def test_predefined_route_and_jsv(admin_client, endpoint):
    AttemptFactory(endpoint=endpoint, trigger_type=TriggerType.MANUAL)
    body = admin_client.get(f"/api/ListWebhookEndpointAttempts?EndpointId={endpoint.public_id}").json()
    assert body["Attempts"][0]["TriggerType"] == "Manual"
    jsv = admin_client.get(f"/webhook/endpoints/{endpoint.public_id}/attempts.jsv").content.decode()
    assert jsv.startswith("{Attempts:[{Id:atmpt_")


def test_message_attempts_filtered_by_endpoint(admin_client, company, other_company):
    message = MessageFactory(company=company)
    first = AttemptFactory(endpoint=EndpointFactory(company=company), message=message)
    second = AttemptFactory(endpoint=EndpointFactory(company=company), message=message)
    AttemptFactory(endpoint=first.endpoint)  # another message
    body = admin_client.get(f"/webhook/messages/{message.public_id}/attempts").json()
    assert _ids(body) == [second.public_id, first.public_id]
    body = admin_client.get(
        f"/webhook/messages/{message.public_id}/attempts?EndpointId={first.endpoint.public_id}"
    ).json()
    assert _ids(body) == [first.public_id]
    foreign = MessageFactory(company=other_company)
    assert admin_client.get(f"/webhook/messages/{foreign.public_id}/attempts").status_code == 404


def test_list_messages_pages_filters_and_orders(admin_client, company, other_company):
    base = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    messages = [
        MessageFactory(company=company, timestamp=base + dt.timedelta(minutes=n), payload={"n": n})
        for n in range(5)
    ]
    MessageFactory(company=other_company)
    canceled = MessageFactory(company=company, event_type="booking.canceled", timestamp=base)
    ids = lambda body: [m["Id"] for m in body["Data"]]  # noqa: E731

    first = admin_client.get("/webhook/messages?Limit=4&EventTypes=customer.updated").json()
    assert ids(first) == [m.public_id for m in reversed(messages[1:])]
    assert first["Done"] is False
    assert first["Data"][0] == {
        "Id": messages[4].public_id,
        "Channels": [],
        "EventType": "customer.updated",
        "Metadata": {},
        "Payload": {"n": 4},
        "EventId": messages[4].event_id,
        "Timestamp": first["Data"][0]["Timestamp"],
    }
    rest = admin_client.get(
        f"/webhook/messages?Limit=4&EventTypes=customer.updated&Iterator={first['Iterator']}"
    )
    assert ids(rest.json()) == [messages[0].public_id]
    assert rest.json()["Done"] is True

    ascending = admin_client.get("/webhook/messages?Order=Ascending&Limit=2").json()
    assert ids(ascending) == [messages[0].public_id, messages[1].public_id]
    after = (base + dt.timedelta(minutes=2)).isoformat()
    assert ids(admin_client.get("/webhook/messages", {"After": after}).json()) == [
        messages[4].public_id,
        messages[3].public_id,
    ]
    assert ids(admin_client.get("/webhook/messages?EventTypes=booking.canceled").json()) == [
        canceled.public_id
    ]
    assert admin_client.get("/webhook/messages?Channel=x").json()["Data"] == []
    without = admin_client.get("/webhook/messages?WithContent=false&Limit=1").json()
    assert without["Data"][0]["Payload"] == {}
