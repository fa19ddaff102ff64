"""A sample service that exercises the API layer on its own (used with @pytest.mark.urls)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import serializers
from rest_framework.response import Response

from bokamera.api import fields as wire
from bokamera.api.routing import Service, predefined_urlpatterns, service_urlpatterns
from bokamera.api.tenancy import resolve_company
from bokamera.api.views import ServiceView
from bokamera.roles import READ_ROLES, WRITE_ROLES


class AddressInput(serializers.Serializer):
    InvoiceCity = serializers.CharField()
    InvoicePostalCode = serializers.CharField(required=False)


class ItemInput(serializers.Serializer):
    Id = serializers.IntegerField(required=False)
    Value = serializers.CharField()


class EchoInput(serializers.Serializer):
    Id = serializers.CharField()
    CompanyId = serializers.UUIDField(required=False, allow_null=True)
    Firstname = serializers.CharField()
    Quantity = serializers.IntegerField(required=False)
    Active = serializers.BooleanField(required=False)
    FromTime = wire.TimeSpanField(required=False)
    When = wire.DateTimeField(required=False)
    ResourceIds = wire.IntegerListField(required=False)
    EventTypes = wire.ListField(child=serializers.CharField(), required=False)
    Address = AddressInput(required=False)
    Items = ItemInput(many=True, required=False)


class EchoOutput(EchoInput):
    FromTime = serializers.CharField(required=False)


class EchoView(ServiceView):
    response_name = "EchoResponse"

    def put(self, request, **kwargs):
        data = self.bind(request, EchoInput)
        company = resolve_company(request.user, data.get("CompanyId"), WRITE_ROLES)
        out = {key: value for key, value in data.items() if key != "CompanyId"}
        if "FromTime" in out:
            out["FromTime"] = wire.format_timespan(out["FromTime"])
        return Response({"CompanyId": str(company.pk), **out})

    def get(self, request, **kwargs):
        data = self.bind(request, EchoInput)
        company = resolve_company(request.user, data.get("CompanyId"), READ_ROLES)
        return Response(
            {
                "CompanyId": str(company.pk),
                "Results": [{"Id": 1, "Name": "A, b", "Nested": {"X": 1}}, {"Id": 2, "Name": "C"}],
                "Total": 2,
            }
        )


services = [
    Service(
        "EchoUpdate",
        "PUT",
        "/echo/{Id}",
        EchoView,
        summary="Echo",
        roles=WRITE_ROLES,
        request_serializer=EchoInput,
        response_serializer=EchoOutput,
    ),
    Service(
        "EchoQuery",
        "GET",
        "/echo/{Id}",
        EchoView,
        summary="Echo",
        roles=READ_ROLES,
        request_serializer=EchoInput,
    ),
]

# Kept apart from the project's REGISTRY, so walks over every real service never see them.
SAMPLE_REGISTRY: dict = {}

urlpatterns = [
    path("", include(service_urlpatterns(services, registry=SAMPLE_REGISTRY))),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    *predefined_urlpatterns(registry=SAMPLE_REGISTRY),
]
handler404 = "bokamera.api.views.api_404"
