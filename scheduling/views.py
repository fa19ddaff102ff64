"""Thin views of the scheduling services: bind, call one service or selector, serialize."""

from __future__ import annotations

from rest_framework.response import Response

from bokamera.api.query import order_queryset, query_response
from bokamera.api.tenancy import resolve_company
from bokamera.api.views import ServiceView
from bokamera.roles import READ_ROLES, WRITE_ROLES, has_role

from . import selectors, services
from . import serializers as s

EXCEPTION_RESPONSE = "ResourceTimeExceptionQueryResponse"


def _exception_output(exception, *, locked: bool = False) -> dict:
    return s.ResourceTimeExceptionQueryResponseOutput(exception, context={"locked": locked}).data


def _reload(exception) -> object:
    return selectors.time_exception_get(company=exception.company, time_exception_id=exception.pk)


class TimeExceptionsView(ServiceView):
    """POST /timeexceptions (CreateResourceTimeException), GET /timeexceptions (ResourceTimeExceptionQuery)"""

    response_name = EXCEPTION_RESPONSE

    def post(self, request, **kwargs):
        data = self.bind(request, s.CreateResourceTimeExceptionInput)
        company = resolve_company(request.user, data.get("CompanyId"), WRITE_ROLES)
        exception = services.time_exception_create(
            company=company, spec=s.spec_from_create(data), policy=s.policy_from_input(data)
        )
        return Response(_exception_output(_reload(exception)))

    def get(self, request, **kwargs):
        self.response_name = f"QueryResponse{EXCEPTION_RESPONSE}"
        data = self.bind(request, s.ResourceTimeExceptionQueryInput)
        company = resolve_company(request.user, data.get("CompanyId"), READ_ROLES)
        locked = not has_role(request.user, company, WRITE_ROLES)
        queryset = order_queryset(
            selectors.time_exception_list(company=company, filters=data),
            data,
            selectors.TIME_EXCEPTION_ORDERING,
        )
        return Response(
            query_response(
                queryset, data, lambda rows: [_exception_output(row, locked=locked) for row in rows]
            )
        )


class CollidingEventsView(ServiceView):
    """GET /timeexceptions/collidingevents (CollidingBookingQuery): writes nothing."""

    response_name = "CollidingBookingQueryResponse"

    def get(self, request, **kwargs):
        data = self.bind(request, s.CollidingBookingQueryInput)
        company = resolve_company(request.user, data.get("CompanyId"), WRITE_ROLES)
        spec = s.spec_from_create({**data, "ReasonText": "query"})
        services.validate_spec(spec)
        bookings = selectors.colliding_bookings_for(
            company=company,
            resource_ids=spec.resource_ids,
            from_date=spec.from_date,
            to_date=spec.to_date,
            from_time=spec.from_time,
            to_time=spec.to_time,
            days_of_week=spec.days_of_week,
        )
        context = {"include_customer": data.get("IncludeCustomerInformation")}
        return Response(
            {
                "ResourceIds": list(spec.resource_ids),
                "Bookings": s.BookingIntervalOutput(bookings, many=True, context=context).data,
            }
        )


class TimeExceptionView(ServiceView):
    """GET/PUT/DELETE /timeexceptions/{Id}"""

    response_name = EXCEPTION_RESPONSE

    def get(self, request, **kwargs):
        data = self.bind(request, s.TimeExceptionIdInput)
        company = resolve_company(request.user, data.get("CompanyId"), READ_ROLES)
        exception = selectors.time_exception_get(company=company, time_exception_id=data["Id"])
        return Response(_exception_output(exception, locked=not has_role(request.user, company, WRITE_ROLES)))

    def put(self, request, **kwargs):
        data = self.bind(request, s.UpdateResourceTimeExceptionInput)
        company = resolve_company(request.user, data.get("CompanyId"), WRITE_ROLES)
        exception = selectors.time_exception_get(company=company, time_exception_id=data["Id"])
        exception = services.time_exception_update(
            time_exception=exception, changes=s.spec_changes(data), policy=s.policy_from_input(data)
        )
        return Response(_exception_output(_reload(exception)))

    def delete(self, request, **kwargs):
        data = self.bind(request, s.TimeExceptionIdInput)
        company = resolve_company(request.user, data.get("CompanyId"), WRITE_ROLES)
        exception = selectors.time_exception_get(company=company, time_exception_id=data["Id"])
        answer = _exception_output(exception)
        services.time_exception_delete(time_exception=exception)
        return Response(answer)


class ResourcesView(ServiceView):
    """GET /resources (ResourceQuery)"""

    response_name = "QueryResponseResourceQueryResponse"

    def get(self, request, **kwargs):
        data = self.bind(request, s.ResourceQueryInput)
        company = resolve_company(request.user, data.get("CompanyId"), READ_ROLES)
        queryset = order_queryset(
            selectors.resource_list(company=company, filters=data), data, selectors.RESOURCE_ORDERING
        )
        return Response(query_response(queryset, data, lambda rows: s.ResourceOutput(rows, many=True).data))


class BookingsView(ServiceView):
    """GET /bookings (BookingQuery)"""

    response_name = "QueryResponseBookingQueryResponse"

    def get(self, request, **kwargs):
        data = self.bind(request, s.BookingQueryInput)
        company = resolve_company(request.user, data.get("CompanyId"), READ_ROLES)
        queryset = order_queryset(
            selectors.booking_list(company=company, filters=data), data, selectors.BOOKING_ORDERING
        )
        context = {"include_customer": data.get("IncludeCustomerInformation")}
        return Response(
            query_response(
                queryset, data, lambda rows: s.BookingOutput(rows, many=True, context=context).data
            )
        )
