from bokamera.api.routing import service_urlpatterns

services: list = []

urlpatterns = service_urlpatterns(services)
