"""Demo data: two resources, a customer with bookings next week, and one weekly time exception
(lunch) that does not collide. Idempotent: a second run finds what the first one made."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from customers.models import Customer

from .models import Booking, Resource, TimeException
from .occurrences import local_moment
from .services import TimeExceptionSpec, booking_create, resource_create, time_exception_create

DEMO_REASON = "Lunch (demo)"


@transaction.atomic
def seed_company(company, *, admin_user) -> dict:
    resources = []
    for name, color in (("Anna (demo)", "#3366CC"), ("Room 1 (demo)", "#CC6633")):
        resource = Resource.objects.filter(company=company, name=name).first()
        if resource is None:
            resource = resource_create(company=company, name=name, color=color, description="Demo resource")
        resources.append(resource)

    customer, _ = Customer.objects.get_or_create(
        company=company,
        email="demo.customer@example.com",
        defaults={"firstname": "Demo", "lastname": "Customer", "phone": "+46700000001"},
    )

    today = timezone.localdate(timezone=company.tzinfo)
    next_monday = today + dt.timedelta(days=7 - today.weekday())
    bookings = []
    for offset, hour in ((0, 9), (1, 14), (2, 10)):
        start = local_moment(
            next_monday + dt.timedelta(days=offset), dt.timedelta(hours=hour), company.tzinfo
        )
        booking = Booking.objects.filter(company=company, customer=customer, start=start).first()
        if booking is None:
            booking = booking_create(
                company=company,
                resources=[resources[offset % 2]],
                start=start,
                end=start + dt.timedelta(hours=1),
                customer=customer,
            )
        bookings.append(booking)

    exception = TimeException.objects.filter(company=company, reason_text=DEMO_REASON).first()
    if exception is None:
        exception = time_exception_create(
            company=company,
            spec=TimeExceptionSpec(
                resource_ids=tuple(resource.pk for resource in resources),
                from_date=next_monday,
                to_date=next_monday + dt.timedelta(weeks=12),
                from_time=dt.timedelta(hours=12),
                to_time=dt.timedelta(hours=13),
                days_of_week=(1, 2, 3, 4, 5),
                reason_text=DEMO_REASON,
                reason_text_public="Closed for lunch",
                color="#999999",
                block_time=True,
            ),
        )
    return {
        "resource_ids": [resource.pk for resource in resources],
        "customer_id": str(customer.pk),
        "booking_ids": [booking.pk for booking in bookings],
        "time_exception_id": exception.pk,
    }
