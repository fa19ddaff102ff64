from bokamera.api.routing import service_urlpatterns

from .axema.urls import axema_services
from .voss.urls import voss_services

services = [*voss_services, *axema_services]

urlpatterns = service_urlpatterns(services)
