"""The admin (company scoping, collision warning, booking resources kept in step) and the demo seed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from scheduling.demo import seed_company
from scheduling.models import Booking, BookingResource, Resource, TimeException
from tests.factories import UserFactory
from tests.scheduling.factories import ResourceFactory, make_booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(admin_user):
    admin_user.is_staff = True
    admin_user.save()
    admin_user.user_permissions.add(*Permission.objects.filter(content_type__app_label="scheduling"))
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def superuser_client(db):
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_staff_see_only_their_companies_rows(staff_client, company, other_company):
    mine = ResourceFactory(company=company, name="Mine")
    theirs = ResourceFactory(company=other_company, name="Theirs")
    page = staff_client.get("/admin/scheduling/resource/")
    assert page.status_code == 200
    assert b"Mine" in page.content and b"Theirs" not in page.content
    assert staff_client.get(f"/admin/scheduling/resource/{theirs.pk}/change/").status_code == 302
    assert staff_client.get(f"/admin/scheduling/resource/{mine.pk}/change/").status_code == 200


def test_saving_a_colliding_time_exception_warns(superuser_client, company, resource):
    booking = make_booking(resources=[resource], start=dt.datetime(2026, 6, 1, 8, 30, tzinfo=dt.UTC))
    response = superuser_client.post(
        "/admin/scheduling/timeexception/add/",
        {
            "company": company.pk,
            "resources": [resource.pk],
            "from_date": "2026-06-01",
            "to_date": "2026-06-30",
            "from_time": "10:00:00",
            "to_time": "12:00:00",
            "days": ["1"],
            "reason_text": "Course",
            "calendar_synced": "unknown",
        },
        follow=True,
    )
    assert response.status_code == 200
    exception = TimeException.objects.get()
    assert exception.days_of_week == [1]
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1 and f"#{booking.pk}" in warnings[0]
    assert Booking.objects.get().status == 1  # warned, not canceled


def test_admin_booking_keeps_its_resource_rows_in_step(superuser_client, company, resource):
    second = ResourceFactory(company=company)
    booking = make_booking(resources=[resource], start=dt.datetime(2026, 6, 1, 8, tzinfo=dt.UTC))
    response = superuser_client.post(
        f"/admin/scheduling/booking/{booking.pk}/change/",
        {
            "company": company.pk,
            "start_0": "2026-06-02",
            "start_1": "09:00:00",
            "end_0": "2026-06-02",
            "end_1": "10:00:00",
            "status": "4",
            "booked_resources": [second.pk],
        },
    )
    assert response.status_code == 302, response.content[:2000]
    rows = list(BookingResource.objects.values_list("resource_id", "start", "active"))
    assert rows == [(second.pk, dt.datetime(2026, 6, 2, 9, tzinfo=dt.UTC), False)]


def test_demo_seed_is_idempotent(company, admin_user):
    first = seed_company(company, admin_user=admin_user)
    counts = (Resource.objects.count(), Booking.objects.count(), TimeException.objects.count())
    second = seed_company(company, admin_user=admin_user)
    assert first == second
    assert counts == (Resource.objects.count(), Booking.objects.count(), TimeException.objects.count())
    assert counts == (2, 3, 1)


def test_admin_refuses_a_resource_of_another_company(superuser_client, company, other_company):
    foreign = ResourceFactory(company=other_company)
    response = superuser_client.post(
        "/admin/scheduling/timeexception/add/",
        {
            "company": company.pk,
            "resources": [foreign.pk],
            "from_date": "2026-06-01",
            "to_date": "2026-06-30",
            "from_time": "10:00:00",
            "to_time": "12:00:00",
            "reason_text": "Course",
            "calendar_synced": "unknown",
        },
    )
    assert response.status_code == 200
    assert "resources" in response.context["adminform"].form.errors
    assert not TimeException.objects.exists()
