"""One domain exception type and one handler that writes ServiceStack's ResponseStatus."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

logger = logging.getLogger(__name__)

# DRF validation codes -> ServiceStack / FluentValidation error codes.
VALIDATION_CODES = {
    "required": "NotEmpty",
    "null": "NotNull",
    "blank": "NotEmpty",
    "invalid": "Invalid",
    "max_length": "MaximumLength",
    "min_length": "MinimumLength",
    "max_value": "LessThanOrEqual",
    "min_value": "GreaterThanOrEqual",
    "invalid_choice": "Enum",
    "does_not_exist": "NotFound",
    "not_a_list": "Invalid",
    "empty": "NotEmpty",
    "max_string_length": "MaximumLength",
    "max_digits": "ScalePrecision",
    "max_decimal_places": "ScalePrecision",
    "date": "Invalid",
    "datetime": "Invalid",
    "parse_error": "SerializationException",
    "unique": "Unique",
}


class ApplicationError(Exception):
    """A refusal the client can act on: stable ErrorCode, optional FieldName, HTTP status."""

    status_code = 400

    def __init__(
        self,
        message: str,
        *,
        code: str = "ValidationException",
        field: str | None = None,
        status_code: int | None = None,
        meta: dict[str, str] | None = None,
        errors: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.meta = meta
        self.extra_errors = errors or []
        if status_code is not None:
            self.status_code = status_code

    def response_status(self) -> dict[str, Any]:
        errors = list(self.extra_errors)
        if self.field:
            errors.insert(0, field_error(self.field, self.message, self.code, self.meta))
        return response_status(self.code, self.message, errors, meta=self.meta)


class NotFound(ApplicationError):
    status_code = 404

    def __init__(self, message: str = "Not found.", **kwargs: Any) -> None:
        kwargs.setdefault("code", "NotFound")
        super().__init__(message, **kwargs)


class Forbidden(ApplicationError):
    status_code = 403

    def __init__(self, message: str = "You have too low privileges to call this service.", **kwargs: Any):
        kwargs.setdefault("code", "Forbidden")
        super().__init__(message, **kwargs)


class Conflict(ApplicationError):
    status_code = 409

    def __init__(self, message: str, **kwargs: Any) -> None:
        kwargs.setdefault("code", "Conflict")
        super().__init__(message, **kwargs)


def field_error(field: str, message: str, code: str, meta: dict[str, str] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"ErrorCode": code, "FieldName": field, "Message": message}
    if meta:
        error["Meta"] = meta
    return error


def response_status(
    code: str, message: str, errors: list[dict[str, Any]] | None = None, meta: dict | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"ErrorCode": code, "Message": message, "Errors": errors or []}
    if meta:
        body["Meta"] = meta
    return {"ResponseStatus": body}


def flatten_validation_errors(detail: Any, prefix: str = "") -> list[dict[str, Any]]:
    """DRF's nested error detail -> one ServiceStack error per bad field (`A.B[0].C`)."""
    errors: list[dict[str, Any]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key in ("non_field_errors", "__all__"):
                name = prefix
            elif isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
                name = f"{prefix}[{key}]"
            elif prefix:
                name = f"{prefix}.{key}"
            else:
                name = str(key)
            errors.extend(flatten_validation_errors(value, name))
    elif isinstance(detail, list):
        if detail and all(isinstance(item, exceptions.ErrorDetail | str) for item in detail):
            for item in detail:
                code = VALIDATION_CODES.get(getattr(item, "code", "invalid"), "Invalid")
                if getattr(item, "code", None) and item.code[:1].isupper():
                    code = item.code  # already a ServiceStack code
                errors.append(field_error(prefix, str(item), code))
        else:
            for index, item in enumerate(detail):
                if item:
                    errors.extend(flatten_validation_errors(item, f"{prefix}[{index}]"))
    elif detail:
        code = VALIDATION_CODES.get(getattr(detail, "code", "invalid"), "Invalid")
        errors.append(field_error(prefix, str(detail), code))
    return errors


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    headers: dict[str, str] = {}
    if isinstance(exc, ApplicationError):
        return Response(exc.response_status(), status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, exceptions.ValidationError):
        errors = flatten_validation_errors(exc.detail)
        first = errors[0] if errors else {"ErrorCode": "ValidationException", "Message": "Invalid request."}
        return Response(response_status(first["ErrorCode"], first["Message"], errors), status=400)
    if isinstance(exc, exceptions.APIException):
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        code = {
            exceptions.ParseError: "SerializationException",
            exceptions.NotAuthenticated: "Unauthorized",
            exceptions.AuthenticationFailed: "Unauthorized",
            exceptions.PermissionDenied: "Forbidden",
            exceptions.NotFound: "NotFound",
            exceptions.MethodNotAllowed: "MethodNotAllowed",
            exceptions.NotAcceptable: "NotAcceptable",
            exceptions.UnsupportedMediaType: "UnsupportedMediaType",
            exceptions.Throttled: "TooManyRequests",
        }.get(type(exc), type(exc).__name__)
        message = str(exc.detail) if not isinstance(exc.detail, dict | list) else "Request failed."
        if (
            isinstance(exc, exceptions.PermissionDenied)
            and message == exceptions.PermissionDenied.default_detail
        ):
            message = "You have too low privileges to call this service."
        return Response(response_status(code, message), status=exc.status_code, headers=headers)
    return None


def unhandled_response(exc: Exception) -> Response:
    logger.exception("Unhandled error in API request", exc_info=exc)
    return Response(
        response_status("InternalServerError", "An internal error occurred."),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
