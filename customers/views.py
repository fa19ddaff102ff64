"""Thin views of the customer services: bind, call one service or selector, serialize."""

from __future__ import annotations

from rest_framework.response import Response

from bokamera.api.query import order_queryset, query_response
from bokamera.api.views import ServiceView

from .selectors import ORDERABLE, customer_get, customer_list
from .serializers import CustomerQueryResponse, GetCustomerInput, QueryCustomersInput, UpdateCustomerInput
from .services import customer_update


class CustomersView(ServiceView):
    """GET /customers (QueryCustomers)."""

    response_name = "QueryResponseOfCustomerQueryResponse"

    def get(self, request, **kwargs):
        data = self.bind(request, QueryCustomersInput)
        queryset, with_details = customer_list(
            user=request.user, company_id=data.get("CompanyId"), search=data.get("Search") or ""
        )
        queryset = order_queryset(queryset, data, ORDERABLE)
        return Response(
            query_response(
                queryset, data, lambda rows: CustomerQueryResponse(with_details(rows), many=True).data
            )
        )


class CustomerView(ServiceView):
    """GET /customers/{Id} (GetCustomer) and PUT /customers/{Id} (UpdateCustomer)."""

    response_name = "CustomerQueryResponse"

    def get(self, request, **kwargs):
        data = self.bind(request, GetCustomerInput)
        customer = customer_get(user=request.user, **data)
        return Response(CustomerQueryResponse(customer).data)

    def put(self, request, **kwargs):
        data = self.bind(request, UpdateCustomerInput)
        customer = customer_update(user=request.user, **data)
        return Response(CustomerQueryResponse(customer).data)
