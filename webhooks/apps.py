from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"

    def ready(self) -> None:
        from bokamera.events import domain_event

        from .receivers import on_domain_event

        domain_event.connect(on_domain_event, dispatch_uid="webhooks.on_domain_event")
