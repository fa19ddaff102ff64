"""Services and their routes.

A Service is one ServiceStack operation (request DTO): a name, an HTTP method, its custom route
and the DRF view that handles it. `service_urlpatterns` serves each custom route, also with a
`.json/.jsv/.csv/.xml` suffix; `predefined_urlpatterns` serves every registered service at
ServiceStack's built-in routes `/api/{Name}` and `/{format}/{reply|oneway}/{Name}`, which the
published ServiceStack clients call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, re_path
from django.views.decorators.csrf import csrf_exempt

FORMATS = ("json", "jsv", "csv", "xml", "jsonp")
_FORMAT_RE = "|".join(FORMATS)
_VARIABLE = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Service:
    name: str
    method: str
    route: str
    view: type
    summary: str = ""
    roles: tuple[str, ...] = ()
    request_name: str = ""
    response_name: str = ""
    tags: tuple[str, ...] = field(default=())
    # For the OpenAPI document: the request DTO's and the response DTO's serializers.
    request_serializer: type | None = None
    response_serializer: type | None = None

    @property
    def request_dto(self) -> str:
        return self.request_name or self.name


REGISTRY: dict[str, Service] = {}  # the project's services (urls of the apps)
_REGISTRIES: list[dict[str, Service]] = [REGISTRY]  # plus any a test URLconf keeps apart


def service_for(view_class: type, method: str) -> Service | None:
    for registry in _REGISTRIES:
        for service in registry.values():
            if service.view is view_class and service.method == method.upper():
                return service
    return None


def _django_path(route: str) -> str:
    return _VARIABLE.sub(lambda m: f"<str:{m.group(1)}>", route.strip("/"))


def _suffix_regex(route: str) -> str:
    body = _VARIABLE.sub(
        lambda m: f"(?P<{m.group(1)}>[^/]+?)",
        re.escape(route.strip("/")).replace(r"\{", "{").replace(r"\}", "}"),
    )
    return rf"^{body}\.(?P<format>{_FORMAT_RE})$"


def service_urlpatterns(
    services: Iterable[Service], registry: dict[str, Service] | None = None
) -> list[URLPattern]:
    """One pattern per distinct route (its view answers each of the route's methods). Services
    go into REGISTRY (the built-in routes, /metadata) unless another `registry` is given."""
    registry = REGISTRY if registry is None else registry
    if not any(registry is known for known in _REGISTRIES):
        _REGISTRIES.append(registry)
    by_route: dict[str, type] = {}
    for service in services:
        key = service.name.lower()
        if key in registry and registry[key] != service:
            raise ValueError(f"Service {service.name} is registered twice")
        registry[key] = service
        existing = by_route.setdefault(service.route, service.view)
        if existing is not service.view:
            raise ValueError(f"Route {service.route} has two views: {existing} and {service.view}")
    patterns: list[URLPattern] = []
    for route, view in by_route.items():
        callback = view.as_view()
        patterns.append(re_path(_suffix_regex(route), callback))
        patterns.append(path(_django_path(route), callback))
    return patterns


@csrf_exempt
def predefined_service(
    request: HttpRequest, name: str, fmt: str | None = None, registry: dict | None = None, **kwargs
) -> HttpResponse:
    from .views import not_found_response

    service = (REGISTRY if registry is None else registry).get(name.lower())
    if service is None:
        return not_found_response(request, f"Unknown service '{name}'.", fmt)
    view = _predefined_views.get(service.name)
    if view is None:
        view = _predefined_views[service.name] = service.view.as_view()
    # ServiceStack's predefined routes take any verb and run the service's own operation.
    request.method = service.method
    if fmt:
        return view(request, format=fmt)
    return view(request)


_predefined_views: dict[str, object] = {}


def predefined_urlpatterns(registry: dict[str, Service] | None = None) -> list[URLPattern]:
    extra = {"registry": registry} if registry is not None else {}
    return [
        re_path(rf"^api/(?P<name>\w+)\.(?P<fmt>{_FORMAT_RE})$", predefined_service, extra),
        re_path(r"^api/(?P<name>\w+)/?$", predefined_service, extra),
        re_path(rf"^(?P<fmt>{_FORMAT_RE})/(?:reply|oneway)/(?P<name>\w+)/?$", predefined_service, extra),
    ]
