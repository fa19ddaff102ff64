from django.apps import AppConfig


class BokameraConfig(AppConfig):
    name = "bokamera"
    verbose_name = "Companies and API access"

    def ready(self) -> None:
        from .api import schema  # noqa: F401 - registers the OpenAPI extensions
