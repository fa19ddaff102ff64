from bokamera.api.routing import Service, service_urlpatterns
from bokamera.roles import READ_ROLES, WRITE_ROLES

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
        tags=("Customers",),
    ),
]

urlpatterns = service_urlpatterns(services)
