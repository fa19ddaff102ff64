"""GET /customers (QueryCustomers) and GET /customers/{Id} (GetCustomer)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import (
    CustomerCommentFactory,
    CustomerFactory,
    CustomFieldConfigFactory,
    CustomFieldValueFactory,
    InvoiceAddressFactory,
    UserAccessKeyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(company, other_company):
    return {
        "anna": CustomerFactory(
            company=company, firstname="Anna", lastname="Svensson", email="anna@x.se", phone="070-111"
        ),
        "bo": CustomerFactory(
            company=company, firstname="Bo", lastname="Ek", email="bo@y.se", phone="070-222"
        ),
        "cecilia": CustomerFactory(
            company=company, firstname="Cecilia", lastname="Andersson", email="cissi@x.se", phone="08-333"
        ),
        "foreign": CustomerFactory(
            company=other_company, firstname="Anna", lastname="Other", email="anna@other.se", phone="070-111"
        ),
    }


def names(response):
    assert response.status_code == 200, response.content
    return [row["Firstname"] + " " + row["Lastname"] for row in response.json()["Results"]]


def test_lists_the_companys_customers_by_name(admin_client, people):
    response = admin_client.get("/customers")
    assert names(response) == ["Cecilia Andersson", "Bo Ek", "Anna Svensson"]
    assert (response.json()["Offset"], response.json()["Total"]) == (0, 3)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("anna", ["Anna Svensson"]),
        ("SVENS", ["Anna Svensson"]),
        ("x.se", ["Cecilia Andersson", "Anna Svensson"]),
        ("070", ["Bo Ek", "Anna Svensson"]),
        ("anna 111", ["Anna Svensson"]),
        ("nobody", []),
    ],
)
def test_search_on_name_email_and_phone(admin_client, people, search, expected):
    assert names(admin_client.get("/customers", {"Search": search})) == expected


def test_skip_take_and_order(admin_client, people):
    response = admin_client.get("/customers", {"OrderByDesc": "Firstname", "Skip": 1, "Take": 1})
    assert names(response) == ["Bo Ek"]
    assert (response.json()["Offset"], response.json()["Total"]) == (1, 3)
    response = admin_client.get("/customers", {"OrderBy": "Nope"})
    assert response.status_code == 400
    assert response.json()["ResponseStatus"]["Errors"][0]["FieldName"] == "OrderBy"


def test_reader_may_list_and_read(client_for, reader_user, people):
    client = client_for(reader_user)
    assert len(names(client.get("/customers"))) == 3
    assert client.get(f"/customers/{people['bo'].pk}").json()["Email"] == "bo@y.se"


def test_other_companys_listing_is_403_and_its_customer_404(client_for, other_admin, company, people):
    client = client_for(other_admin)
    assert client.get("/customers", {"CompanyId": company.pk}).status_code == 403
    assert names(client.get("/customers")) == ["Anna Other"]
    response = client.get(f"/customers/{people['anna'].pk}")
    assert response.status_code == 404
    assert response.json()["ResponseStatus"]["Errors"][0]["FieldName"] == "Id"


def test_a_customer_reads_its_own_record_but_lists_nothing(client_for, company):
    from tests.factories import UserFactory

    user = UserFactory(username="self")
    mine = CustomerFactory(company=company, user=user)
    someone = CustomerFactory(company=company)
    client = client_for(user)
    assert client.get(f"/customers/{mine.pk}").status_code == 200
    assert client.get(f"/customers/{someone.pk}").status_code == 404
    assert client.get("/customers").status_code == 403


def test_get_answers_every_detail(admin_client, company, customer, key):
    field = CustomFieldConfigFactory(company=company, name="Size", data_type="DropDown", values=["S", "M"])
    CustomFieldValueFactory(customer=customer, field=field, value="M")
    comment = CustomerCommentFactory(customer=customer)
    body = admin_client.get(f"/customers/{customer.pk}").json()
    assert body["CustomFields"][0]["Values"] == [{"Value": "S"}, {"Value": "M"}]
    assert body["CustomFieldValues"][0]["Value"] == "M"
    assert body["Comments"][0]["Id"] == comment.pk
    assert body["AccessKeys"][0]["Id"] == str(key.pk)
    assert body["InvoiceAddress"]["InvoiceCity"] == "Stockholm"


def test_get_with_another_company_id_is_404(admin_client, customer, other_company):
    assert admin_client.get(f"/customers/{customer.pk}", {"CompanyId": other_company.pk}).status_code == 404


def test_jsv_and_camel_case(admin_client, customer):
    response = admin_client.get(f"/customers/{customer.pk}.jsv")
    assert response.status_code == 200
    assert response.content.decode().startswith("{Id:")
    assert "firstname" in admin_client.get(f"/customers/{customer.pk}?jsconfig=tc:cc").json()


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_rows(admin_client, company):
    field = CustomFieldConfigFactory(company=company)

    def make(n):
        for _ in range(n):
            customer = CustomerFactory(company=company)
            InvoiceAddressFactory(customer=customer)
            CustomerCommentFactory(customer=customer)
            UserAccessKeyFactory.create_batch(2, customer=customer)
            CustomFieldValueFactory(customer=customer, field=field)

    make(1)
    _count(admin_client, "/customers")
    one = _count(admin_client, "/customers")
    make(20)
    assert _count(admin_client, "/customers") == one


def test_get_query_count_does_not_grow_with_details(admin_client, company):
    fields = CustomFieldConfigFactory.create_batch(5, company=company)
    small, big = CustomerFactory(company=company), CustomerFactory(company=company)
    UserAccessKeyFactory(customer=small)
    CustomFieldValueFactory(customer=small, field=fields[0])
    UserAccessKeyFactory.create_batch(6, customer=big)
    CustomerCommentFactory.create_batch(4, customer=big)
    for field in fields:
        CustomFieldValueFactory(customer=big, field=field)
    _count(admin_client, f"/customers/{small.pk}")
    assert (
        _count(admin_client, f"/customers/{small.pk}") == _count(admin_client, f"/customers/{big.pk}") <= 10
    )
