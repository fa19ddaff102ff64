"""OpenAPI 3 (drf-spectacular) from the service registry: operation ids are the services' names,
GET/DELETE request DTOs become query parameters, every operation documents the ResponseStatus
error shape."""

from __future__ import annotations

import uritemplate
from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from .routing import Service, service_for
from .views import ServiceView


class TimeSpanFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "bokamera.api.fields.TimeSpanField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "example": "PT10H30M", "description": "XSD duration; hh:mm[:ss] accepted"}


class BearerTokenExtension(OpenApiAuthenticationExtension):
    target_class = "bokamera.authentication.ApiTokenAuthentication"
    name = "BearerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token: Authorization: Bearer <token>",
        }


class ResponseErrorSerializer(serializers.Serializer):
    ErrorCode = serializers.CharField()
    FieldName = serializers.CharField()
    Message = serializers.CharField()
    Meta = serializers.DictField(child=serializers.CharField(), required=False)


class ResponseStatusSerializer(serializers.Serializer):
    ErrorCode = serializers.CharField()
    Message = serializers.CharField()
    Errors = ResponseErrorSerializer(many=True)
    Meta = serializers.DictField(child=serializers.CharField(), required=False)


class ErrorResponseSerializer(serializers.Serializer):
    ResponseStatus = ResponseStatusSerializer()


ERROR_DESCRIPTIONS = {
    400: "Validation failed or the body is malformed (one error per bad field)",
    401: "You were unauthorized to call this service",
    403: "You have too low privileges to call this service",
    404: "Not found",
}


class ServiceAutoSchema(AutoSchema):
    def _service(self) -> Service | None:
        return service_for(type(self.view), self.method)

    def get_operation_id(self) -> str:
        service = self._service()
        return service.name if service else super().get_operation_id()

    def get_summary(self) -> str | None:
        service = self._service()
        return service.summary if service and service.summary else super().get_summary()

    def get_tags(self) -> list[str]:
        service = self._service()
        if service and service.tags:
            return list(service.tags)
        return [type(self.view).__module__.split(".")[0].capitalize()]

    def get_description(self) -> str:
        service = self._service()
        text = super().get_description() or ""
        if text == (ServiceView.__doc__ or "").strip():
            text = ""
        if service and service.roles:
            text = f"Requires any of the roles: {', '.join(service.roles)}.\n\n{text}".strip()
        return text

    def get_request_serializer(self):
        service = self._service()
        if service and self.method in ("POST", "PUT", "PATCH"):
            return service.request_serializer
        return None

    def get_override_parameters(self):
        service = self._service()
        if service and service.request_serializer and self.method in ("GET", "DELETE"):
            return [service.request_serializer]
        return []

    def _get_parameters(self):
        path_variables = {name.lower() for name in uritemplate.variables(self.path)}
        return [
            parameter
            for parameter in super()._get_parameters()
            if not (parameter["in"] == "query" and parameter["name"].lower() in path_variables)
        ]

    def get_response_serializers(self):
        service = self._service()
        responses: dict = {200: service.response_serializer if service else None}
        for status, description in ERROR_DESCRIPTIONS.items():
            responses[status] = OpenApiResponse(ErrorResponseSerializer, description=description)
        if self.method in ("POST", "PUT", "DELETE"):
            responses[409] = OpenApiResponse(ErrorResponseSerializer, description="Conflict")
        return responses
