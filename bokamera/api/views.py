"""ServiceView: the thin base class of every service, and the JSON 404/500 for API clients."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework.request import Request
from rest_framework.views import APIView

from .binding import bind
from .errors import response_status, unhandled_response


class ServiceView(APIView):
    """Subclasses set `response_name` (the response DTO, used as XML root) and bind with `self.bind`."""

    response_name: str = ""

    def bind(self, request: Request, serializer_class, **context: Any) -> dict[str, Any]:
        return bind(request, serializer_class, self.kwargs, context=context)

    def handle_exception(self, exc: Exception):
        try:
            return super().handle_exception(exc)
        except Exception as unhandled:  # noqa: BLE001 - the wire must never carry a stack trace
            return unhandled_response(unhandled)


def not_found_response(request: HttpRequest, message: str, fmt: str | None = None) -> HttpResponse:
    view = _NotFoundView.as_view(message=message)
    return view(request, format=fmt) if fmt else view(request)


class _NotFoundView(APIView):
    authentication_classes: list = []
    permission_classes: list = []
    message = "Not found."

    def _answer(self, request, *args, **kwargs):
        from rest_framework.response import Response

        return Response(response_status("NotFound", self.message), status=404)

    get = post = put = patch = delete = options = head = _answer


def api_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Unknown routes answer in the ResponseStatus shape (JSON), never an HTML page."""
    message = f"No route matches {request.method} {request.path}."
    return JsonResponse(response_status("NotFound", message), status=404)


def api_500(request: HttpRequest) -> HttpResponse:
    return JsonResponse(response_status("InternalServerError", "An internal error occurred."), status=500)


def api_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return JsonResponse(response_status("BadRequest", "Bad request."), status=400)


def api_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return JsonResponse(response_status("Forbidden", "Forbidden."), status=403)
