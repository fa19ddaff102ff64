"""Thin views of the VOSS services: bind, call one service or selector, serialize."""

from __future__ import annotations

from rest_framework.response import Response

from bokamera.api.query import order_queryset, query_response
from bokamera.api.tenancy import resolve_company
from bokamera.api.views import ServiceView
from bokamera.roles import READ_ROLES, WRITE_ROLES

from . import serializers as s
from .selectors import voss_product_list, voss_usage_list
from .services import voss_usage_create


class VossProductsView(ServiceView):
    def get(self, request, **kwargs):
        data = self.bind(request, s.GetVossProductsInput)
        company = resolve_company(request.user, data.get("CompanyId"), READ_ROLES)
        products = voss_product_list(company=company, product_type=data.get("ProductType"))
        return Response(s.VossProductOutput(products, many=True).data)


class VossUsageView(ServiceView):
    """One view, two operations: the XML root comes from each Service's response_name."""

    def post(self, request, **kwargs):
        data = self.bind(request, s.CreateVossUsageInput)
        company = resolve_company(request.user, data["CompanyId"], WRITE_ROLES)
        usage, created = voss_usage_create(
            company=company,
            article_number=data["ArticleNumber"],
            quantity=data["Quantity"],
            idempotency_key=request.headers.get("Idempotency-Key") or None,
            user=request.user,
        )
        headers = {} if created else {"Idempotent-Replayed": "true"}
        return Response(usage.response_body, headers=headers)

    def get(self, request, **kwargs):
        data = self.bind(request, s.VossUsageQueryInput)
        company = resolve_company(request.user, data.get("CompanyId"), READ_ROLES)
        usages = voss_usage_list(
            company=company, status=data.get("Status"), article_number=data.get("ArticleNumber") or None
        )
        usages = order_queryset(usages, data, s.USAGE_ORDERING)
        return Response(query_response(usages, data, lambda rows: s.VossUsageOutput(rows, many=True).data))
