from bokamera.api.query import query_response_serializer
from bokamera.api.routing import Service, service_urlpatterns
from bokamera.roles import READ_ROLES, WRITE_ROLES

from . import serializers as s
from .views import CustomersView, CustomerView

services = [
    Service(
        "QueryCustomers",
        "GET",
        "/customers",
        CustomersView,
        summary="Search the company's customers (name, e-mail, phone), paged",
        roles=READ_ROLES,
        response_name="QueryResponse<CustomerQueryResponse>",
        request_serializer=s.QueryCustomersInput,
        response_serializer=query_response_serializer(s.CustomerQueryResponse, "QueryCustomersResponse"),
        tags=("Customers",),
    ),
    Service(
        "GetCustomer",
        "GET",
        "/customers/{Id}",
        CustomerView,
        summary="One customer with custom fields, comments, access keys and invoice address",
        roles=READ_ROLES,
        response_name="CustomerQueryResponse",
        request_serializer=s.GetCustomerInput,
        response_serializer=s.CustomerQueryResponse,
        tags=("Customers",),
    ),
    Service(
        "UpdateCustomer",
        "PUT",
        "/customers/{Id}",
        CustomerView,
        summary="Update an existing customer",
        roles=WRITE_ROLES,
        response_name="CustomerQueryResponse",
        request_serializer=s.UpdateCustomerInput,
        response_serializer=s.CustomerQueryResponse,
        tags=("Customers",),
    ),
]

urlpatterns = service_urlpatterns(services)
