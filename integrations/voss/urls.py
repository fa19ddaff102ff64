from bokamera.api.query import query_response_serializer
from bokamera.api.routing import Service
from bokamera.roles import READ_ROLES, WRITE_ROLES

from . import serializers as s
from .views import VossProductsView, VossUsageView

voss_services = [
    Service(
        "GetVossProducts",
        "GET",
        "/voss/products",
        VossProductsView,
        summary="gets voss products",
        roles=READ_ROLES,
        response_name="ArrayOfVossProduct",
        request_serializer=s.GetVossProductsInput,
        response_serializer=s.VossProductOutput(many=True),
    ),
    Service(
        "CreateVossUsage",
        "POST",
        "/voss/usage",
        VossUsageView,
        summary="Add product to company invoicing",
        roles=WRITE_ROLES,
        response_name="CreateSubscriptionProductGroupResult",
        request_serializer=s.CreateVossUsageInput,
    ),
    Service(
        "VossUsageQuery",
        "GET",
        "/voss/usage",
        VossUsageView,
        summary="Lists a company's reported usage and its submission status",
        roles=READ_ROLES,
        response_name="VossUsageQueryResponse",
        request_serializer=s.VossUsageQueryInput,
        response_serializer=query_response_serializer(s.VossUsageOutput, "VossUsageQueryResponse"),
    ),
]
