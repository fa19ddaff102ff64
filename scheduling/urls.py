from bokamera.api.routing import Service, service_urlpatterns
from bokamera.roles import READ_ROLES, WRITE_ROLES

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
    ),
    Service(
        "CreateResourceTimeException",
        "POST",
        "/timeexceptions",
        views.TimeExceptionsView,
        summary="Inserts a time exception for a given resource belonging to the current user",
        roles=WRITE_ROLES,
        response_name="ResourceTimeExceptionQueryResponse",
    ),
    Service(
        "ResourceTimeExceptionQuery",
        "GET",
        "/timeexceptions",
        views.TimeExceptionsView,
        summary="Lists time exceptions (filters: Id, ResourceIds, From, To; paging)",
        roles=READ_ROLES,
        response_name="QueryResponseResourceTimeExceptionQueryResponse",
    ),
    Service(
        "GetResourceTimeException",
        "GET",
        "/timeexceptions/{Id}",
        views.TimeExceptionView,
        summary="Gets one time exception",
        roles=READ_ROLES,
        response_name="ResourceTimeExceptionQueryResponse",
    ),
    Service(
        "UpdateResourceTimeException",
        "PUT",
        "/timeexceptions/{Id}",
        views.TimeExceptionView,
        summary="Updates a time exception for a given resource belonging to the current user",
        roles=WRITE_ROLES,
        response_name="ResourceTimeExceptionQueryResponse",
    ),
    Service(
        "DeleteResourceTimeException",
        "DELETE",
        "/timeexceptions/{Id}",
        views.TimeExceptionView,
        summary="Delete a given time exception that the user have access too",
        roles=WRITE_ROLES,
        response_name="ResourceTimeExceptionQueryResponse",
    ),
    Service(
        "ResourceQuery",
        "GET",
        "/resources",
        views.ResourcesView,
        summary="Lists the company's resources",
        roles=READ_ROLES,
        response_name="QueryResponseResourceQueryResponse",
    ),
    Service(
        "BookingQuery",
        "GET",
        "/bookings",
        views.BookingsView,
        summary="Lists the company's bookings (filters: From, To, ResourceIds, StatusIds, CustomerId)",
        roles=READ_ROLES,
        response_name="QueryResponseBookingQueryResponse",
    ),
]

urlpatterns = service_urlpatterns(services)
