"""Who may call what: caller x service x company, with nothing changed on a refusal."""

from __future__ import annotations

import pytest

from customers.models import Customer
from tests.factories import UserFactory

from .conftest import update_body
from .factories import CustomerFactory

pytestmark = pytest.mark.django_db

# caller -> (GET /customers, GET /customers/{Id}, PUT /customers/{Id}) on a customer of `company`
MATRIX = {
    "admin_user": (200, 200, 200),
    "reader_user": (200, 200, 403),
    "superadmin": (200, 200, 200),
    "other_admin": (403, 404, 404),
    "own_account": (403, 200, 200),
    "stranger": (403, 404, 404),
}


@pytest.fixture
def callers(admin_user, reader_user, superadmin, other_admin, account_user):
    return {
        "admin_user": admin_user,
        "reader_user": reader_user,
        "superadmin": superadmin,
        "other_admin": other_admin,
        "own_account": account_user,
        "stranger": UserFactory(username="stranger"),
    }


@pytest.mark.parametrize("caller", list(MATRIX))
def test_matrix(client_for, callers, caller, company, own_customer):
    client = client_for(callers[caller])
    expected_list, expected_get, expected_put = MATRIX[caller]
    before = list(Customer.objects.values())

    assert client.get("/customers", {"CompanyId": company.pk}).status_code == expected_list
    assert client.get(f"/customers/{own_customer.pk}").status_code == expected_get
    response = client.put(
        f"/customers/{own_customer.pk}",
        update_body(Firstname="Changed", Email=own_customer.email),
        format="json",
    )
    assert response.status_code == expected_put, response.content
    if expected_put != 200:
        assert list(Customer.objects.values()) == before


def test_another_companys_customer_is_404_for_every_role_of_this_company(
    client_for, admin_user, reader_user, other_company
):
    foreign = CustomerFactory(company=other_company)
    for user in (admin_user, reader_user):
        client = client_for(user)
        assert client.get(f"/customers/{foreign.pk}").status_code == 404
        assert client.put(f"/customers/{foreign.pk}", update_body(), format="json").status_code == 404
    assert Customer.objects.get(pk=foreign.pk).firstname == foreign.firstname
