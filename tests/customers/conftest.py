"""Fixtures of the customer tests: a customer, its company's custom fields, captured events."""

from __future__ import annotations

import pytest

from bokamera.events import domain_event
from tests.factories import UserFactory

from .factories import CustomerFactory, CustomFieldConfigFactory, InvoiceAddressFactory, UserAccessKeyFactory


@pytest.fixture
def customer(company):
    customer = CustomerFactory(
        company=company, firstname="Anna", lastname="Svensson", email="anna@example.com", phone="070-1"
    )
    InvoiceAddressFactory(customer=customer)
    return customer


@pytest.fixture
def account_user(db):
    """A person with an account and no administrator role."""
    return UserFactory(username="anna", email="anna@example.com")


@pytest.fixture
def own_customer(company, account_user):
    """A customer record that belongs to `account_user`."""
    return CustomerFactory(
        company=company, user=account_user, firstname="Anna", lastname="Konto", email="anna@example.com"
    )


@pytest.fixture
def key(customer):
    return UserAccessKeyFactory(customer=customer, value="1234", description="Front door")


@pytest.fixture
def member_field(company):
    return CustomFieldConfigFactory(
        company=company,
        name="Membership number",
        reg_ex=r"^\d{6}$",
        reg_ex_error_message="A membership number is six digits.",
        max_length=6,
    )


@pytest.fixture
def events():
    """The domain events published during the test, as (event_type, payload) pairs."""
    received: list[tuple[str, dict]] = []

    def receiver(sender, **kwargs):
        received.append((kwargs["event_type"], kwargs["payload"]))

    domain_event.connect(receiver, weak=False, dispatch_uid="tests.customers.events")
    yield received
    domain_event.disconnect(dispatch_uid="tests.customers.events")


def update_body(**overrides):
    """A complete UpdateCustomer body with the four required strings."""
    body = {"Firstname": "Anna", "Lastname": "Svensson", "Phone": "070-1", "Email": "anna@example.com"}
    body.update(overrides)
    return body
