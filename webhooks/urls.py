from bokamera.api.routing import Service, service_urlpatterns
from bokamera.roles import WRITE_ROLES

from . import views

services: list = [
    Service(
        "CreateWebhookEndpoint",
        "POST",
        "/webhook/endpoints",
        views.EndpointsView,
        summary="Create webhook endpoint",
        roles=WRITE_ROLES,
        response_name="WebhookEndpoint",
    ),
    Service(
        "ListWebhookEndpoints",
        "GET",
        "/webhook/endpoints",
        views.EndpointsView,
        summary="List webhook endpoints",
        roles=WRITE_ROLES,
        response_name="ListWebhookEndpointsResponse",
    ),
    Service(
        "GetWebhookEndpoint",
        "GET",
        "/webhook/endpoints/{Id}",
        views.EndpointView,
        summary="Get webhook endpoint",
        roles=WRITE_ROLES,
        response_name="WebhookEndpoint",
    ),
    Service(
        "UpdateWebhookEndpoint",
        "PUT",
        "/webhook/endpoints/{Id}",
        views.EndpointView,
        summary="Update webhook endpoint",
        roles=WRITE_ROLES,
        response_name="WebhookEndpoint",
    ),
    Service(
        "DeleteWebhookEndpoint",
        "DELETE",
        "/webhook/endpoints/{Id}",
        views.EndpointView,
        summary="Delete webhook endpoint",
        roles=WRITE_ROLES,
        response_name="WebhookEndpoint",
    ),
    Service(
        "GetWebhookEndpointSecret",
        "GET",
        "/webhook/endpoints/{Id}/secret",
        views.EndpointSecretView,
        summary="Get webhook endpoint secret",
        roles=WRITE_ROLES,
        response_name="WebhookEndpointSecret",
    ),
    Service(
        "RotateWebhookEndpointSecret",
        "POST",
        "/webhook/endpoints/{Id}/secret/rotate",
        views.EndpointSecretRotateView,
        summary="Rotate webhook endpoint secret",
        roles=WRITE_ROLES,
        response_name="WebhookEndpoint",
    ),
    Service(
        "ListWebhookEndpointAttempts",
        "GET",
        "/webhook/endpoints/{EndpointId}/attempts",
        views.EndpointAttemptsView,
        summary="List webhook endpoint attempts",
        roles=WRITE_ROLES,
        response_name="ListMessageAttemptsResponse",
    ),
    Service(
        "ListWebhookMessageAttempts",
        "GET",
        "/webhook/messages/{MessageId}/attempts",
        views.MessageAttemptsView,
        summary="List webhook message attempts",
        roles=WRITE_ROLES,
        response_name="ListMessageAttemptsResponse",
    ),
    Service(
        "ResendWebhookMessage",
        "POST",
        "/webhook/messages/{MessageId}/endpoints/{EndpointId}/resend",
        views.MessageResendView,
        summary="Resend a webhook message to an endpoint",
        roles=WRITE_ROLES,
        response_name="WebhookMessageAttempt",
    ),
]

urlpatterns = service_urlpatterns(services)
