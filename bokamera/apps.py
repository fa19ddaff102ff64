from django.apps import AppConfig


class BokameraConfig(AppConfig):
    name = "bokamera"
    verbose_name = "Companies and API access"
