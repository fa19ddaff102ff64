from bokamera.api.routing import Service
from bokamera.roles import READ_ROLES, WRITE_ROLES

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
    ),
    Service(
        "CreateVossUsage",
        "POST",
        "/voss/usage",
        VossUsageView,
        summary="Add product to company invoicing",
        roles=WRITE_ROLES,
        response_name="CreateSubscriptionProductGroupResult",
    ),
    Service(
        "VossUsageQuery",
        "GET",
        "/voss/usage",
        VossUsageView,
        summary="Lists a company's reported usage and its submission status",
        roles=READ_ROLES,
        response_name="VossUsageQueryResponse",
    ),
]
