"""Thin views of the webhooks services: bind, call one service or selector, serialize."""

from __future__ import annotations

from rest_framework.response import Response

from bokamera.api.tenancy import resolve_company
from bokamera.api.views import ServiceView
from bokamera.roles import WRITE_ROLES

from . import selectors, services
from . import serializers as s

# The pages require bookingsupplier-administrator-write or superadmin for every webhook service,
# reads included: attempts carry receivers' URLs and answers (see docs/webhooks.md).
ROLES = WRITE_ROLES


def _endpoint(request, data, key: str = "Id"):
    company = resolve_company(request.user, data.get("CompanyId"), ROLES)
    return selectors.endpoint_get(company=company, endpoint_id=data[key])


class EndpointsView(ServiceView):
    """POST/GET /webhook/endpoints"""

    response_name = "WebhookEndpoint"

    def post(self, request, **kwargs):
        data = self.bind(request, s.EndpointCreateInput)
        company = resolve_company(request.user, data.get("CompanyId"), ROLES)
        endpoint = services.endpoint_create(
            company=company,
            url=data["Url"],
            event_types=data.get("EventTypes") or [],
            description=data.get("Description") or "",
            disabled=bool(data.get("Disabled")),
        )
        return Response(s.EndpointWithSecretOutput(endpoint).data)

    def get(self, request, **kwargs):
        data = self.bind(request, s.PageInput)
        company = resolve_company(request.user, data.get("CompanyId"), ROLES)
        page = selectors.endpoint_list(
            company=company, iterator=data.get("Iterator"), limit=data.get("Limit")
        )
        return Response(s.EndpointPageOutput(page).data)


class EndpointView(ServiceView):
    """GET/PUT/DELETE /webhook/endpoints/{Id}"""

    response_name = "WebhookEndpoint"

    def get(self, request, **kwargs):
        endpoint = _endpoint(request, self.bind(request, s.EndpointIdInput))
        return Response(s.EndpointOutput(endpoint).data)

    def put(self, request, **kwargs):
        data = self.bind(request, s.EndpointUpdateInput)
        endpoint = services.endpoint_update(
            endpoint=_endpoint(request, data),
            url=data["Url"],
            event_types=data.get("EventTypes") or [],
            description=data.get("Description"),
            disabled=data.get("Disabled"),
        )
        return Response(s.EndpointOutput(endpoint).data)

    def delete(self, request, **kwargs):
        endpoint = _endpoint(request, self.bind(request, s.EndpointIdInput))
        out = s.EndpointOutput(endpoint).data
        services.endpoint_delete(endpoint=endpoint)
        return Response(out)


class EndpointSecretView(ServiceView):
    """GET /webhook/endpoints/{Id}/secret"""

    response_name = "WebhookEndpointSecret"

    def get(self, request, **kwargs):
        endpoint = _endpoint(request, self.bind(request, s.EndpointIdInput))
        return Response(s.EndpointSecretOutput(endpoint).data)


class EndpointSecretRotateView(ServiceView):
    """POST /webhook/endpoints/{Id}/secret/rotate"""

    response_name = "WebhookEndpoint"

    def post(self, request, **kwargs):
        endpoint = _endpoint(request, self.bind(request, s.EndpointIdInput))
        endpoint = services.endpoint_rotate_secret(endpoint=endpoint)
        return Response(s.EndpointWithSecretOutput(endpoint).data)


def _filters(data) -> dict:
    return {
        "iterator": data.get("Iterator"),
        "limit": data.get("Limit"),
        "status": data.get("Status"),
        "event_types": data.get("EventTypes"),
        "before": data.get("Before"),
        "after": data.get("After"),
    }


class EndpointAttemptsView(ServiceView):
    """GET /webhook/endpoints/{EndpointId}/attempts"""

    response_name = "ListMessageAttemptsResponse"

    def get(self, request, **kwargs):
        data = self.bind(request, s.EndpointAttemptsInput)
        endpoint = _endpoint(request, data, "EndpointId")
        page = selectors.attempt_list(endpoint=endpoint, **_filters(data))
        return Response(s.AttemptPageOutput(page).data)


class MessagesView(ServiceView):
    """GET /webhook/messages"""

    response_name = "ListMessagesResponseDto"

    def get(self, request, **kwargs):
        data = self.bind(request, s.MessageListInput)
        company = resolve_company(request.user, data.get("CompanyId"), ROLES)
        page = selectors.message_list(
            company=company,
            iterator=data.get("Iterator"),
            limit=data.get("Limit"),
            event_types=data.get("EventTypes"),
            before=data.get("Before"),
            after=data.get("After"),
            channel=data.get("Channel"),
            ascending=data.get("Order") == "ascending",
        )
        context = {"with_content": data.get("WithContent") is not False}
        return Response(s.MessagePageOutput(page, context=context).data)


class MessageAttemptsView(ServiceView):
    """GET /webhook/messages/{MessageId}/attempts"""

    response_name = "ListMessageAttemptsResponse"

    def get(self, request, **kwargs):
        data = self.bind(request, s.MessageAttemptsInput)
        company = resolve_company(request.user, data.get("CompanyId"), ROLES)
        message = selectors.message_get(company=company, message_id=data["MessageId"])
        page = selectors.attempt_list(message=message, endpoint_id=data.get("EndpointId"), **_filters(data))
        return Response(s.AttemptPageOutput(page).data)


class MessageResendView(ServiceView):
    """POST /webhook/messages/{MessageId}/endpoints/{EndpointId}/resend"""

    response_name = "WebhookMessageAttempt"

    def post(self, request, **kwargs):
        data = self.bind(request, s.ResendInput)
        company = resolve_company(request.user, data.get("CompanyId"), ROLES)
        message = selectors.message_get(company=company, message_id=data["MessageId"])
        endpoint = selectors.endpoint_get(company=company, endpoint_id=data["EndpointId"])
        attempt = services.message_resend(message=message, endpoint=endpoint)
        return Response(s.AttemptOutput(attempt).data)
