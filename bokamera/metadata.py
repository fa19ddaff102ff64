"""An index of the services, like the original's /metadata page."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from bokamera.api.routing import REGISTRY


def service_index() -> list[dict]:
    return [
        {
            "Name": service.name,
            "Method": service.method,
            "Route": service.route,
            "Summary": service.summary,
            "Roles": list(service.roles),
            "ResponseDto": service.response_name,
            "PredefinedRoutes": [f"/api/{service.name}", f"/json/reply/{service.name}"],
        }
        for service in sorted(REGISTRY.values(), key=lambda s: (s.route, s.method))
    ]


def metadata_index(request: HttpRequest) -> HttpResponse:
    services = service_index()
    if request.GET.get("format") == "json":
        return JsonResponse({"Services": services})
    return render(request, "metadata.html", {"services": services})
