"""Factories of the scheduling tests."""

from __future__ import annotations

import datetime as dt

import factory

from customers.models import Customer
from scheduling.models import Booking, BookingStatus, Resource
from scheduling.services import booking_create
from tests.factories import CompanyFactory


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Resource {n}")
    description = "A chair"
    color = "#336699"


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    company = factory.SubFactory(CompanyFactory)
    firstname = factory.Sequence(lambda n: f"Anna{n}")
    lastname = "Svensson"
    email = factory.LazyAttribute(lambda o: f"{o.firstname.lower()}@example.com")
    phone = factory.Sequence(lambda n: f"+4670{n:07d}")


def make_booking(
    *,
    resources: list[Resource],
    start: dt.datetime,
    minutes: int = 60,
    customer: Customer | None = None,
    status: int = BookingStatus.BOOKED,
) -> Booking:
    """A booking through the service, so its BookingResource rows are consistent."""
    return booking_create(
        company=resources[0].company,
        resources=resources,
        start=start,
        end=start + dt.timedelta(minutes=minutes),
        customer=customer,
        status=status,
    )
