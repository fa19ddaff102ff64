"""The collision query on both databases: overlap rules, statuses, resources, DST, many windows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from scheduling.models import BookingStatus
from scheduling.occurrences import Window, exception_windows
from scheduling.selectors import SQLITE_WINDOWS_PER_SUBQUERY, colliding_booking_ids, colliding_bookings
from scheduling.services import booking_update
from tests.scheduling.factories import ResourceFactory, make_booking

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def ids(company, resources, windows) -> list[int]:
    return list(
        colliding_bookings(
            company=company, resource_ids=[r.pk for r in resources], windows=windows
        ).values_list("pk", flat=True)
    )


def test_overlap_is_half_open(company):
    resource = ResourceFactory(company=company)
    window = Window(utc(2026, 6, 1, 10), utc(2026, 6, 1, 12))
    before = make_booking(resources=[resource], start=utc(2026, 6, 1, 9))  # ends at 10:00
    inside = make_booking(resources=[resource], start=utc(2026, 6, 1, 11, 30))
    around = make_booking(resources=[resource], start=utc(2026, 6, 1, 9), minutes=4 * 60)
    after = make_booking(resources=[resource], start=utc(2026, 6, 1, 12))  # starts at 12:00
    got = ids(company, [resource], [window])
    assert sorted(got) == sorted([inside.pk, around.pk])
    assert before.pk not in got and after.pk not in got


def test_only_active_bookings_on_the_given_resources_collide(company):
    asked, other = ResourceFactory(company=company), ResourceFactory(company=company)
    start = utc(2026, 6, 1, 10)
    booked = make_booking(resources=[asked], start=start)
    reserved = make_booking(resources=[asked], start=start, status=BookingStatus.RESERVED)
    make_booking(resources=[asked], start=start, status=BookingStatus.CANCELED)
    make_booking(resources=[asked], start=start, status=BookingStatus.UNBOOKED)
    make_booking(resources=[other], start=start)
    both = make_booking(resources=[other, asked], start=start)
    got = ids(company, [asked], [Window(start, start + H)])
    assert sorted(got) == sorted([booked.pk, reserved.pk, both.pk])


def test_a_booking_on_two_asked_resources_is_listed_once(company):
    first, second = ResourceFactory(company=company), ResourceFactory(company=company)
    booking = make_booking(resources=[first, second], start=utc(2026, 6, 1, 10))
    assert ids(company, [first, second], [Window(utc(2026, 6, 1, 9), utc(2026, 6, 1, 18))]) == [booking.pk]


def test_canceling_a_booking_through_the_service_frees_its_time(company):
    resource = ResourceFactory(company=company)
    booking = make_booking(resources=[resource], start=utc(2026, 6, 1, 10))
    window = Window(utc(2026, 6, 1, 10), utc(2026, 6, 1, 11))
    assert ids(company, [resource], [window]) == [booking.pk]
    booking_update(booking=booking, status=BookingStatus.CANCELED)
    assert ids(company, [resource], [window]) == []


def test_many_windows_are_matched_in_one_query(company, django_assert_num_queries):
    resource = ResourceFactory(company=company)
    # 3 * SQLITE_WINDOWS_PER_SUBQUERY daily windows: the portable path needs several subqueries.
    days = 3 * SQLITE_WINDOWS_PER_SUBQUERY
    windows = exception_windows(
        from_date=dt.date(2026, 1, 1),
        to_date=dt.date(2026, 1, 1) + dt.timedelta(days=days - 1),
        from_time=10 * H,
        to_time=11 * H,
        days_of_week=(1, 2, 3, 4, 5, 6, 7),
        tz=company.tzinfo,
    )
    assert len(windows) == days
    first = make_booking(resources=[resource], start=windows[0].start)
    last = make_booking(resources=[resource], start=windows[-1].start, minutes=30)
    middle_gap = make_booking(resources=[resource], start=windows[150].end)  # right after one window
    with django_assert_num_queries(1):
        got = ids(company, [resource], windows)
    assert sorted(got) == sorted([first.pk, last.pk])
    with django_assert_num_queries(1):
        checked = colliding_booking_ids(company=company, resource_ids=[resource.pk], windows=windows)
    assert checked == sorted([first.pk, last.pk])
    assert middle_gap.pk not in got


@pytest.mark.parametrize(
    ("day", "colliding_start", "free_start"),
    [
        # Sunday after the spring change: 10:00-12:00 local is 08:00-10:00 UTC.
        (dt.date(2026, 3, 29), utc(2026, 3, 29, 8), utc(2026, 3, 29, 10, 15)),
        # Sunday of the autumn change: 10:00-12:00 local is 09:00-11:00 UTC.
        (dt.date(2026, 10, 25), utc(2026, 10, 25, 10, 15), utc(2026, 10, 25, 8)),
    ],
)
def test_recurring_exception_matches_local_time_across_dst(company, day, colliding_start, free_start):
    resource = ResourceFactory(company=company)
    colliding = make_booking(resources=[resource], start=colliding_start, minutes=45)
    free = make_booking(resources=[resource], start=free_start, minutes=45)
    windows = exception_windows(
        from_date=day - dt.timedelta(days=14),
        to_date=day + dt.timedelta(days=14),
        from_time=10 * H,
        to_time=12 * H,
        days_of_week=(7,),
        tz=company.tzinfo,
    )
    got = ids(company, [resource], windows)
    assert got == [colliding.pk]
    assert free.pk not in got


def test_other_companies_bookings_never_collide(company, other_company):
    foreign = ResourceFactory(company=other_company)
    make_booking(resources=[foreign], start=utc(2026, 6, 1, 10))
    window = Window(utc(2026, 6, 1), utc(2026, 6, 2))
    assert ids(company, [foreign], [window]) == []
    assert colliding_booking_ids(company=company, resource_ids=[foreign.pk], windows=[window]) == []
    assert len(colliding_booking_ids(company=other_company, resource_ids=[foreign.pk], windows=[window])) == 1


@pytest.mark.postgres
def test_postgres_plan_uses_the_gist_index_with_one_multirange(company):
    resource = ResourceFactory(company=company)
    make_booking(resources=[resource], start=utc(2026, 6, 1, 10))
    windows = [Window(utc(2026, 6, d, 10), utc(2026, 6, d, 12)) for d in range(1, 29)]
    queryset = colliding_bookings(company=company, resource_ids=[resource.pk], windows=windows)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "bookingres_resource_during_gist" in plan
    assert "InitPlan" in plan  # the windows folded into one multirange, computed once
