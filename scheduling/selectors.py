"""Reads of the scheduling app: collisions between time exceptions and bookings, and lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from bokamera.api.errors import ApplicationError, NotFound
from bokamera.models import Company

from .models import Booking, BookingResource, Resource, TimeException
from .occurrences import Window, exception_windows

# SQLite parses an OR chain as a tree as deep as the chain; keep each chain well under its
# expression depth limit (1000) by splitting the windows into several subqueries.
SQLITE_WINDOWS_PER_SUBQUERY = 100


def resources_of_company(*, company: Company, resource_ids: Iterable[int]) -> list[Resource]:
    """The resources by id, in the order asked; 400 on ResourceIds naming an unknown or foreign one."""
    ids = list(dict.fromkeys(resource_ids))
    found = {resource.pk: resource for resource in Resource.objects.filter(company=company, pk__in=ids)}
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ApplicationError(
            f"Resource {', '.join(missing)} was not found in the company.",
            code="NotFound",
            field="ResourceIds",
        )
    return [found[pk] for pk in ids]


def _postgres_ids_sql(*, company_join: bool = False) -> str:
    """booking_id of active booking-resource rows on the resources whose range meets the windows'
    multirange. With company_join the resources must also be the company's (one more %s first);
    the planner then walks the asked resources and probes the index on both of its columns."""
    join = (
        f' JOIN "{Resource._meta.db_table}" r ON r.id = br.resource_id AND r.company_id = %s'
        if company_join
        else ""
    )
    resource_column = "r.id" if company_join else "br.resource_id"
    return (
        f'SELECT br.booking_id FROM "{BookingResource._meta.db_table}" br{join} '
        f"WHERE br.active AND {resource_column} = ANY(%s) "
        "AND tstzrange(br.from_at, br.to_at, '[)') && ("
        "SELECT range_agg(tstzrange(w.s, w.e, '[)')) "
        "FROM unnest(%s::timestamptz[], %s::timestamptz[]) AS w(s, e))"
    )


def _postgres_params(resource_ids: Sequence[int], windows: Sequence[Window]) -> tuple:
    return (list(resource_ids), [w.start for w in windows], [w.end for w in windows])


def _booking_ids_postgres(resource_ids: Sequence[int], windows: Sequence[Window]) -> RawSQL:
    """One bitmap scan of the GiST index on (resource_id, tstzrange(from_at, to_at)) against the
    windows folded into one multirange (range_agg)."""
    return RawSQL(_postgres_ids_sql(), _postgres_params(resource_ids, windows))


def _booking_ids_portable(resource_ids: Sequence[int], windows: Sequence[Window]) -> Q:
    """Any database: OR of the windows, a few subqueries of SQLITE_WINDOWS_PER_SUBQUERY each."""
    base = BookingResource.objects.filter(active=True, resource_id__in=list(resource_ids))
    condition = Q(pk__in=[])
    for index in range(0, len(windows), SQLITE_WINDOWS_PER_SUBQUERY):
        overlap = Q()
        for window in windows[index : index + SQLITE_WINDOWS_PER_SUBQUERY]:
            overlap |= Q(start__lt=window.end, end__gt=window.start)
        condition |= Q(pk__in=base.filter(overlap).values("booking_id"))
    return condition


def colliding_bookings(
    *,
    company: Company,
    resource_ids: Sequence[int],
    windows: Sequence[Window],
) -> QuerySet[Booking]:
    """Active bookings on any of the resources that overlap any window (half-open: a booking that
    ends when the exception starts does not collide). Evaluates as one query."""
    if not resource_ids or not windows:
        return Booking.objects.none()
    queryset = Booking.objects.filter(company=company)
    if connection.vendor == "postgresql":
        queryset = queryset.filter(pk__in=_booking_ids_postgres(resource_ids, windows))
    else:
        queryset = queryset.filter(_booking_ids_portable(resource_ids, windows))
    return queryset.order_by("start", "pk")


def colliding_booking_ids(
    *, company: Company, resource_ids: Sequence[int], windows: Sequence[Window]
) -> list[int]:
    """The collision check itself: ids of the colliding bookings, ascending, in one query that
    reads only the booking-resource index (no booking rows) on PostgreSQL."""
    if not resource_ids or not windows:
        return []
    if connection.vendor != "postgresql":
        queryset = colliding_bookings(company=company, resource_ids=resource_ids, windows=windows)
        return sorted(queryset.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT booking_id FROM ({_postgres_ids_sql(company_join=True)}) AS hit ORDER BY 1",
            (company.pk, *_postgres_params(resource_ids, windows)),
        )
        return [row[0] for row in cursor.fetchall()]


def with_booking_details(queryset: QuerySet[Booking]) -> QuerySet[Booking]:
    return queryset.select_related("customer").prefetch_related(
        Prefetch("booking_resources", queryset=BookingResource.objects.only("booking_id", "resource_id"))
    )


def colliding_bookings_for(
    *,
    company: Company,
    resource_ids: Sequence[int],
    from_date: dt.date,
    to_date: dt.date,
    from_time: dt.timedelta,
    to_time: dt.timedelta,
    days_of_week: Sequence[int],
) -> list[Booking]:
    """The CollidingBookingQuery: what a proposed exception would collide with (writes nothing)."""
    resources_of_company(company=company, resource_ids=resource_ids)
    windows = exception_windows(
        from_date=from_date,
        to_date=to_date,
        from_time=from_time,
        to_time=to_time,
        days_of_week=days_of_week,
        tz=company.tzinfo,
    )
    return list(
        with_booking_details(colliding_bookings(company=company, resource_ids=resource_ids, windows=windows))
    )


def time_exception_windows(time_exception: TimeException) -> list[Window]:
    return exception_windows(
        from_date=time_exception.from_date,
        to_date=time_exception.to_date,
        from_time=time_exception.from_time,
        to_time=time_exception.to_time,
        days_of_week=time_exception.days_of_week,
        tz=time_exception.company.tzinfo,
    )


def time_exception_queryset(company: Company) -> QuerySet[TimeException]:
    return (
        TimeException.objects.filter(company=company)
        .select_related("company")
        .prefetch_related(Prefetch("resources", queryset=Resource.objects.order_by("pk")))
    )


def time_exception_get(*, company: Company, time_exception_id: int) -> TimeException:
    exception = time_exception_queryset(company).filter(pk=time_exception_id).first()
    if exception is None:
        raise NotFound(f"Time exception {time_exception_id} was not found.", field="Id")
    return exception


TIME_EXCEPTION_ORDERING = {
    "Id": "pk",
    "From": "from_date",
    "To": "to_date",
    "Created": "created",
    "ReasonText": "reason_text",
}


def time_exception_list(*, company: Company, filters: Mapping[str, Any]) -> QuerySet[TimeException]:
    """Filters: Id, ResourceIds (any of), From/To (exceptions whose date range meets [From, To])."""
    queryset = time_exception_queryset(company)
    if filters.get("Id"):
        queryset = queryset.filter(pk=filters["Id"])
    if filters.get("ResourceIds"):
        matching = TimeException.resources.through.objects.filter(resource_id__in=filters["ResourceIds"])
        queryset = queryset.filter(pk__in=matching.values("timeexception_id"))
    if filters.get("From"):
        queryset = queryset.filter(to_date__gte=filters["From"])
    if filters.get("To"):
        queryset = queryset.filter(from_date__lte=filters["To"])
    return queryset


RESOURCE_ORDERING = {"Id": "pk", "Name": "name", "Created": "created"}
BOOKING_ORDERING = {"Id": "pk", "From": "start", "To": "end", "Created": "created"}


def resource_list(*, company: Company, filters: Mapping[str, Any]) -> QuerySet[Resource]:
    queryset = Resource.objects.filter(company=company)
    if filters.get("Id"):
        queryset = queryset.filter(pk=filters["Id"])
    if filters.get("Active") is not None:
        queryset = queryset.filter(active=filters["Active"])
    return queryset


def booking_list(*, company: Company, filters: Mapping[str, Any]) -> QuerySet[Booking]:
    """Filters: Id, From/To (bookings that overlap [From, To)), ResourceIds, StatusIds, CustomerId."""
    queryset = with_booking_details(Booking.objects.filter(company=company))
    if filters.get("Id"):
        queryset = queryset.filter(pk=filters["Id"])
    if filters.get("From"):
        queryset = queryset.filter(end__gt=filters["From"])
    if filters.get("To"):
        queryset = queryset.filter(start__lt=filters["To"])
    if filters.get("ResourceIds"):
        on = BookingResource.objects.filter(resource_id__in=filters["ResourceIds"]).values("booking_id")
        queryset = queryset.filter(pk__in=on)
    if filters.get("StatusIds"):
        queryset = queryset.filter(status__in=filters["StatusIds"])
    if filters.get("CustomerId"):
        queryset = queryset.filter(customer_id=filters["CustomerId"])
    return queryset
