"""GET /resources and GET /bookings: minimal reads, company-scoped."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduling.models import BookingStatus
from tests.scheduling.factories import CustomerFactory, ResourceFactory, make_booking

pytestmark = pytest.mark.django_db


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def test_resources_are_listed_for_the_callers_company_only(admin_client, company, other_company, resource):
    ResourceFactory(company=other_company)
    inactive = ResourceFactory(company=company, name="Zed", active=False)
    data = admin_client.get("/resources", {"OrderBy": "Name"}).json()
    assert data["Total"] == 2
    assert data["Results"][0] == {
        "Id": resource.pk,
        "Name": "Anna",
        "Description": "Hairdresser",
        "Color": "#FF0000",
        "ImageUrl": None,
        "Email": "",
        "Phone": "",
        "Active": True,
        "Created": data["Results"][0]["Created"],
        "Updated": data["Results"][0]["Updated"],
    }
    assert [r["Id"] for r in admin_client.get("/resources", {"Active": "false"}).json()["Results"]] == [
        inactive.pk
    ]


def test_bookings_filter_by_time_resource_status_and_customer(
    admin_client, company, other_company, resource, django_assert_max_num_queries
):
    other_resource = ResourceFactory(company=company)
    customer = CustomerFactory(company=company)
    morning = make_booking(resources=[resource], start=utc(2026, 6, 1, 8), customer=customer)
    noon = make_booking(resources=[other_resource], start=utc(2026, 6, 1, 12))
    canceled = make_booking(resources=[resource], start=utc(2026, 6, 2, 8), status=BookingStatus.CANCELED)
    make_booking(resources=[ResourceFactory(company=other_company)], start=utc(2026, 6, 1, 8))

    def ids(**params):
        return [
            row["Id"] for row in admin_client.get("/bookings", {"OrderBy": "Id", **params}).json()["Results"]
        ]

    with django_assert_max_num_queries(11):
        assert ids() == [morning.pk, noon.pk, canceled.pk]
    assert ids(From="2026-06-01T09:00:00Z", To="2026-06-02T00:00:00Z") == [noon.pk]
    assert ids(ResourceIds=f"[{resource.pk}]") == [morning.pk, canceled.pk]
    assert ids(StatusIds="4") == [canceled.pk]
    assert ids(CustomerId=str(customer.pk)) == [morning.pk]
    row = admin_client.get("/bookings", {"Id": morning.pk, "IncludeCustomerInformation": "true"}).json()[
        "Results"
    ][0]
    assert (row["CompanyId"], row["StatusId"], row["Status"], row["ResourceIds"]) == (
        str(company.pk),
        1,
        "Booked",
        [resource.pk],
    )
    assert row["Customer"]["Id"] == str(customer.pk)


def test_reads_need_a_role(client_for, other_admin, anon_client, resource):
    make_booking(resources=[resource], start=utc(2026, 6, 1, 8))
    assert anon_client.get("/bookings").status_code == 401
    other = client_for(other_admin)
    assert other.get("/bookings").json()["Total"] == 0
    assert other.get("/resources", {"CompanyId": str(resource.company_id)}).status_code == 403
