from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView

from bokamera.api.routing import predefined_urlpatterns
from bokamera.metadata import metadata_index

urlpatterns = [
    path("admin/", admin.site.urls),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="openapi"), name="docs"),
    path("metadata", metadata_index, name="metadata"),
    path("", include("customers.urls")),
    path("", include("scheduling.urls")),
    path("", include("webhooks.urls")),
    path("", include("integrations.urls")),
    *predefined_urlpatterns(),
]

handler400 = "bokamera.api.views.api_400"
handler403 = "bokamera.api.views.api_403"
handler404 = "bokamera.api.views.api_404"
handler500 = "bokamera.api.views.api_500"
