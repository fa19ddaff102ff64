"""Django admin scoping of customers, and the idempotent demo seed."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from bokamera.roles import ADMIN_WRITE
from customers import demo
from customers.models import Customer, CustomerComment, CustomFieldConfig, CustomFieldValue, UserAccessKey
from tests.factories import UserFactory

from .factories import CustomerFactory, UserAccessKeyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(company):
    user = UserFactory(username="staff", is_staff=True, roles=[(ADMIN_WRITE, company)])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="customers"))
    client = Client()
    client.force_login(user)
    return client


def test_staff_see_only_their_companys_customers(staff, company, other_company):
    mine = CustomerFactory(company=company, lastname="Mine")
    theirs = CustomerFactory(company=other_company, lastname="Theirs")
    page = staff.get("/admin/customers/customer/").content.decode()
    assert "Mine" in page and "Theirs" not in page
    assert staff.get(f"/admin/customers/customer/{mine.pk}/change/").status_code == 200
    assert staff.get(f"/admin/customers/customer/{theirs.pk}/change/").status_code == 302  # "doesn't exist"


def test_admin_search_and_access_keys_list(staff, company, other_company):
    CustomerFactory(company=company, lastname="Findme", phone="0701234")
    CustomerFactory(company=company, lastname="Hidden", phone="0709999")
    page = staff.get("/admin/customers/customer/", {"q": "01234"}).content.decode()
    assert "Findme" in page and "Hidden" not in page
    UserAccessKeyFactory(customer=CustomerFactory(company=company), value="MYKEY")
    UserAccessKeyFactory(customer=CustomerFactory(company=other_company), value="THEIRKEY")
    page = staff.get("/admin/customers/useraccesskey/", {"access_key_type__id__exact": 1}).content.decode()
    assert "MYKEY" in page and "THEIRKEY" not in page


def test_superuser_sees_every_company(client, company, other_company):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    CustomerFactory(company=company, lastname="Mine")
    CustomerFactory(company=other_company, lastname="Theirs")
    page = client.get("/admin/customers/customer/").content.decode()
    assert "Mine" in page and "Theirs" in page


def test_demo_seed_is_idempotent(company, admin_user):
    first = demo.seed_company(company, admin_user=admin_user)
    counts = [
        m.objects.count()
        for m in (Customer, UserAccessKey, CustomFieldConfig, CustomFieldValue, CustomerComment)
    ]
    second = demo.seed_company(company, admin_user=admin_user)
    assert [
        m.objects.count()
        for m in (Customer, UserAccessKey, CustomFieldConfig, CustomFieldValue, CustomerComment)
    ] == counts
    assert counts == [3, 3, 2, 3, 3]
    assert [c["Id"] for c in first["Customers"]] == [c["Id"] for c in second["Customers"]]
    assert [c["User"] is not None for c in first["Customers"]] == [True, False, False]


def test_staff_cannot_attach_a_key_to_another_companys_customer(staff, company, other_company):
    theirs = CustomerFactory(company=other_company)
    mine = CustomerFactory(company=company)
    form = {"company": company.pk, "access_key_type": 1, "value": "K1", "description": ""}
    response = staff.post("/admin/customers/useraccesskey/add/", {**form, "customer": theirs.pk})
    assert response.status_code == 200  # the form again, with an error
    assert not UserAccessKey.objects.exists()
    response = staff.post("/admin/customers/useraccesskey/add/", {**form, "customer": mine.pk})
    assert response.status_code == 302
    assert UserAccessKey.objects.get().customer == mine
