from bokamera.api.routing import Service, service_urlpatterns
from bokamera.roles import READ_ROLES, WRITE_ROLES

from . import serializers as s
from . import views

# collidingevents comes before {Id} so that its route wins.
services: list = [
    Service(
        "CollidingBookingQuery",
        "GET",
        "/timeexceptions/collidingevents",
        views.CollidingEventsView,
        summary="Searches for collisions with existing bookings of the resource",
        roles=WRITE_ROLES,
        response_name="CollidingBookingQueryResponse",
        request_serializer=s.CollidingBookingQueryInput,
        response_serializer=s.CollidingBookingQueryResponseOutput,
    ),
    Service(
        "CreateResourceTimeException",
        "POST",
        "/timeexceptions",
        views.TimeExceptionsView,
        summary="Inserts a time exception for a given resource belonging to the current user",
        roles=WRITE_ROLES,
        response_name="ResourceTimeExceptionQueryResponse",
        request_serializer=s.CreateResourceTimeExceptionInput,
        response_serializer=s.ResourceTimeExceptionQueryResponseOutput,
    ),
    Service(
        "ResourceTimeExceptionQuery",
        "GET",
        "/timeexceptions",
        views.TimeExceptionsView,
        summary="Lists time exceptions (filters: Id, ResourceIds, From, To; paging)",
        roles=READ_ROLES,
        response_name="QueryResponseResourceTimeExceptionQueryResponse",
        request_serializer=s.ResourceTimeExceptionQueryInput,
        response_serializer=s.TimeExceptionQueryResponseOutput,
    ),
    Service(
        "GetResourceTimeException",
        "GET",
        "/timeexceptions/{Id}",
        views.TimeExceptionView,
        summary="Gets one time exception",
        roles=READ_ROLES,
        response_name="ResourceTimeExceptionQueryResponse",
        request_serializer=s.TimeExceptionIdInput,
        response_serializer=s.ResourceTimeExceptionQueryResponseOutput,
    ),
    Service(
        "UpdateResourceTimeException",
        "PUT",
        "/timeexceptions/{Id}",
        views.TimeExceptionView,
        summary="Updates a time exception for a given resource belonging to the current user",
        roles=WRITE_ROLES,
        response_name="ResourceTimeExceptionQueryResponse",
        request_serializer=s.UpdateResourceTimeExceptionInput,
        response_serializer=s.ResourceTimeExceptionQueryResponseOutput,
    ),
    Service(
        "DeleteResourceTimeException",
        "DELETE",
        "/timeexceptions/{Id}",
        views.TimeExceptionView,
        summary="Delete a given time exception that the user have access too",
        roles=WRITE_ROLES,
        response_name="ResourceTimeExceptionQueryResponse",
        request_serializer=s.TimeExceptionIdInput,
        response_serializer=s.ResourceTimeExceptionQueryResponseOutput,
    ),
    Service(
        "ResourceQuery",
        "GET",
        "/resources",
        views.ResourcesView,
        summary="Lists the company's resources",
        roles=READ_ROLES,
        response_name="QueryResponseResourceQueryResponse",
        request_serializer=s.ResourceQueryInput,
        response_serializer=s.ResourceQueryResponseOutput,
    ),
    Service(
        "BookingQuery",
        "GET",
        "/bookings",
        views.BookingsView,
        summary="Lists the company's bookings (filters: From, To, ResourceIds, StatusIds, CustomerId)",
        roles=READ_ROLES,
        response_name="QueryResponseBookingQueryResponse",
        request_serializer=s.BookingQueryInput,
        response_serializer=s.BookingQueryResponseOutput,
    ),
]

urlpatterns = service_urlpatterns(services)
